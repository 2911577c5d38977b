-- test stand-in for supabase's docker/volumes/db/realtime.sql
select 1;

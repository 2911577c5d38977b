-- test stand-in for supabase's docker/volumes/db/logs.sql
select 1;

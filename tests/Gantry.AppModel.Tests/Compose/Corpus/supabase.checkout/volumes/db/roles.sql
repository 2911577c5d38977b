-- test stand-in for supabase's docker/volumes/db/roles.sql
select 1;

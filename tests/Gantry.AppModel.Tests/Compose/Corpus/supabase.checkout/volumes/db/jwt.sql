-- test stand-in for supabase's docker/volumes/db/jwt.sql
select 1;

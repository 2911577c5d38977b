-- test stand-in for supabase's docker/volumes/db/pooler.sql
select 1;

-- test stand-in for supabase's docker/volumes/db/_supabase.sql
select 1;

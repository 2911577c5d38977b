-- test stand-in for supabase's docker/volumes/db/webhooks.sql
select 1;

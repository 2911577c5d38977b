# test stand-in for supabase's docker/volumes/pooler/pooler.exs
:ok

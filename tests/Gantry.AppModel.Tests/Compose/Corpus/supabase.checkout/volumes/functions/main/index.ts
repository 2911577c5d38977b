// test stand-in for supabase's docker/volumes/functions/main/index.ts
export {};

// test stand-in for supabase's docker/volumes/functions/hello/index.ts
export {};

// test stand-in

# stand-in for the project's Dockerfile (test fixture)
FROM alpine:3.20

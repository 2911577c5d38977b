namespace Gantry.Testing;

/// <summary>
/// The stand-in for minio/minio, which cannot be pulled or built here: s3rver (npm) on this machine's Node.js serves
/// the S3 API from the data folder, behind the part of MinIO's interface the s3 definition uses: <c>minio server
/// DIR</c> on port 9000 with the root user and password from MINIO_ROOT_USER and MINIO_ROOT_PASSWORD (the only key
/// s3rver then knows), and an <c>mc</c> that does the <c>ls</c>, <c>mb --ignore-existing</c> and <c>rb --force</c> of
/// MinIO's client against the server MC_HOST_local names, with S3 requests signed by curl. s3rver checks a request's
/// access key but not its signature: a wrong key is refused, a wrong secret is not.
/// </summary>
internal static class MinioImage
{
    private const string Minio = """
        #!/usr/bin/env bash
        # minio of Gantry's stand-in for minio/minio: "minio server DIR" serves the S3 API from DIR with s3rver.
        set -euo pipefail
        [ "${1:-}" = server ] && [ -n "${2:-}" ] || { echo "usage: minio server DIR" >&2; exit 2; }
        exec node /opt/s3rver/minio.js "$2"
        """;

    private const string Server = """
        // s3rver with the root user as its one key (its own S3RVER key withdrawn), on every interface at 9000.
        const S3rver = require('s3rver');
        const AWSAccount = require('s3rver/lib/models/account');
        const user = process.env.MINIO_ROOT_USER, password = process.env.MINIO_ROOT_PASSWORD;
        if (!user || !password || password.length < 8) {
          console.error('MINIO_ROOT_USER and MINIO_ROOT_PASSWORD (8 characters or more) must be set');
          process.exit(1);
        }
        AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
        new AWSAccount(1, user).createKeyPair(user, password);
        process.on('SIGTERM', () => process.exit(0));
        // Path-style requests only, as MinIO serves them unless MINIO_DOMAIN is set: http://s3-default:9000/BUCKET/KEY.
        new S3rver({ address: '0.0.0.0', port: 9000, directory: process.argv[2], silent: true, vhostBuckets: false }).run()
          .then(() => console.log('S3-API: http://0.0.0.0:9000'), e => { console.error(e); process.exit(1); });
        """;

    private const string Mc = """
        #!/usr/bin/env bash
        # mc of Gantry's stand-in for minio/minio: ls, mb --ignore-existing and rb --force on the alias "local", whose
        # address and credentials MC_HOST_local gives (http://USER:PASSWORD@HOST:PORT), as MinIO's client reads them.
        set -euo pipefail
        [[ "${MC_HOST_local:-}" =~ ^(https?://)([^:@/]+):([^@/]+)@([^/]+)$ ]] || { echo "mc: MC_HOST_local is not set as http://USER:PASSWORD@HOST:PORT" >&2; exit 1; }
        base="${BASH_REMATCH[1]}${BASH_REMATCH[4]}"
        credentials="${BASH_REMATCH[2]}:${BASH_REMATCH[3]}"

        # s3 METHOD PATH: a signed request (the credentials reach curl on stdin, not its command line); the body on stdout.
        s3() {
          local answer status
          answer=$(mktemp)
          status=$(printf 'user = "%s"\n' "$credentials" | curl -sS -K - --aws-sigv4 "aws:amz:us-east-1:s3" \
            -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
            -X "$1" -o "$answer" -w '%{http_code}' "$base$2") || { rm -f "$answer"; return 1; }
          cat "$answer"; rm -f "$answer"
          [[ "$status" == 2* ]] || { echo "mc: $1 $2: HTTP $status" >&2; return 1; }
        }

        # The text of every <NAME> element (none: nothing, and no error).
        names() { { grep -o "<$1>[^<]*</$1>" || true; } | sed -e "s|<$1>||" -e "s|</$1>||"; }

        target() { [[ "$1" == local/* ]] || [ "$1" = local ] || { echo "mc: unknown alias in '$1'" >&2; exit 1; }; echo "${1#local}"; }

        case "${1:-}" in
          ls)
            path=$(target "${2:-}")
            if [ -z "${path#/}" ]; then s3 GET / | names Name; else s3 GET "$path?list-type=2" | names Key; fi ;;
          mb)
            [ "${2:-}" = --ignore-existing ] || { echo "mc: the stand-in's mb needs --ignore-existing" >&2; exit 1; }
            path=$(target "${3:-}")
            s3 GET "$path?list-type=2" >/dev/null 2>&1 || s3 PUT "$path" >/dev/null
            echo "Bucket created successfully \`local$path\`." ;;
          rb)
            [ "${2:-}" = --force ] || { echo "mc: the stand-in's rb needs --force" >&2; exit 1; }
            path=$(target "${3:-}")
            for key in $(s3 GET "$path?list-type=2" | names Key); do s3 DELETE "$path/$key" >/dev/null; done
            s3 DELETE "$path" >/dev/null
            echo "Removed \`local$path\` successfully." ;;
          *)
            echo "mc: the stand-in knows ls, mb and rb" >&2; exit 1 ;;
        esac
        """;

    public static async Task<(RootfsBuilder Rootfs, IList<string> Changes)> RecipeAsync()
    {
        var packages = await S3rverProcess.PackagesAsync();
        var rootfs = new RootfsBuilder()
            .BinariesIn("/usr/bin", "node", "curl", "du")
            .Tree(Path.Combine(packages, "node_modules"))
            .Directory("/data", RootfsBuilder.Mode755)
            .File("/opt/s3rver/minio.js", Server)
            .Script("/usr/bin/minio", Minio)
            .Script("/usr/bin/mc", Mc);
        return (rootfs,
        [
            "ENV PATH=/usr/local/bin:/usr/bin:/bin",
            "ENV NODE_PATH=" + Path.Combine(packages, "node_modules"),
            "EXPOSE 9000",
            "CMD [\"minio\"]",
        ]);
    }
}

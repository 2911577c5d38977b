namespace Gantry.Testing;

/// <summary>
/// How <see cref="NotesApp"/> keeps its notes in one resource type: the outputs it reads (as <c>DB_*</c> variables)
/// and the Python that defines <c>write(v)</c> and <c>read()</c> with the type's Debian client, each returning a
/// finished subprocess.
/// </summary>
public sealed record NotesStore(string Type, string[] Outputs, string Python)
{
    /// <summary>
    /// A Python script (argv: host, port, vhost, user; the password in AMQP_PASSWORD) that opens an AMQP connection to
    /// a vhost and closes it: prints "connected", or why the server refused it.
    /// </summary>
    public const string AmqpConnect = """
        import os, sys, pika
        host, port, vhost, user = sys.argv[1:]
        try:
            pika.BlockingConnection(pika.ConnectionParameters(host, int(port), vhost, pika.PlainCredentials(user, os.environ['AMQP_PASSWORD']),
                                                              connection_attempts=1, socket_timeout=5)).close()
            print('connected')
        except Exception as e:
            print(type(e).__name__, e)
        """;

    public static NotesStore Postgres { get; } = new("postgres", ["host", "port", "name", "username", "password"], """
        env = dict(os.environ, PGHOST=os.environ['DB_HOST'], PGPORT=os.environ['DB_PORT'], PGDATABASE=os.environ['DB_NAME'],
                   PGUSER=os.environ['DB_USERNAME'], PGPASSWORD=os.environ['DB_PASSWORD'], PGCONNECT_TIMEOUT='5')

        def psql(sql, *values):
            args = ['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1']
            for i, v in enumerate(values):
                args += ['-v', f'v{i}={v}']
            return subprocess.run(args, input=sql, env=env, capture_output=True, text=True, timeout=20)

        def write(v):
            return psql("CREATE TABLE IF NOT EXISTS notes (v text);\nINSERT INTO notes VALUES (:'v0');", v)

        def read():
            return psql('SELECT v FROM notes ORDER BY v;')
        """);

    /// <summary>The mariadb client has no variables: a note reaches SQL as a hex literal.</summary>
    public static NotesStore Mysql { get; } = new("mysql", ["host", "port", "name", "username", "password"], """
        env = dict(os.environ, MYSQL_PWD=os.environ['DB_PASSWORD'])

        def mariadb(sql):
            args = ['mariadb', '--no-defaults', '-N', '-B', '--connect-timeout=5', '-h', os.environ['DB_HOST'], '-P', os.environ['DB_PORT'],
                    '-u', os.environ['DB_USERNAME'], os.environ['DB_NAME']]
            return subprocess.run(args, input=sql, env=env, capture_output=True, text=True, timeout=20)

        def write(v):
            return mariadb(f"CREATE TABLE IF NOT EXISTS notes (v text);\nINSERT INTO notes VALUES (CONVERT(X'{v.encode().hex()}' USING utf8mb4));")

        def read():
            return mariadb('SELECT v FROM notes ORDER BY v;')
        """);

    /// <summary>Notes as members of a sorted set (all of score 0: read back in order) under the resource's key prefix.</summary>
    public static NotesStore Redis { get; } = new("redis", ["host", "port", "username", "password", "prefix"], """
        env = dict(os.environ, REDISCLI_AUTH=os.environ['DB_PASSWORD'])

        def redis(*args):
            command = ['redis-cli', '-e', '--no-auth-warning', '-h', os.environ['DB_HOST'], '-p', os.environ['DB_PORT'],
                       '--user', os.environ['DB_USERNAME'], *args]
            return subprocess.run(command, env=env, capture_output=True, text=True, timeout=20)

        def write(v):
            return redis('ZADD', os.environ['DB_PREFIX'] + 'notes', '0', v)

        def read():
            return redis('ZRANGE', os.environ['DB_PREFIX'] + 'notes', '0', '-1')
        """);

    /// <summary>
    /// Notes as persistent messages on a durable queue of the resource's vhost, through Debian's python3-pika (a real AMQP
    /// 0-9-1 client; amqp-tools cannot read a queue without emptying it). A write waits for the server's confirm, given
    /// once the message is on disk; a read takes every message unacknowledged and closes, which puts them back in order.
    /// </summary>
    public static NotesStore Amqp { get; } = new("amqp", ["host", "port", "vhost", "username", "password"], """
        import pika

        def amqp(work):
            try:
                credentials = pika.PlainCredentials(os.environ['DB_USERNAME'], os.environ['DB_PASSWORD'])
                connection = pika.BlockingConnection(pika.ConnectionParameters(os.environ['DB_HOST'], int(os.environ['DB_PORT']), os.environ['DB_VHOST'],
                                                                               credentials, connection_attempts=1, socket_timeout=5, blocked_connection_timeout=5))
                try:
                    channel = connection.channel()
                    channel.queue_declare('notes', durable=True)
                    out = work(channel)
                finally:
                    connection.close()
                return subprocess.CompletedProcess([], 0, out, '')
            except Exception as e:
                return subprocess.CompletedProcess([], 1, '', f'{type(e).__name__}: {e}')

        def publish(channel, v):
            channel.confirm_delivery()
            channel.basic_publish('', 'notes', v.encode(), pika.BasicProperties(delivery_mode=2), mandatory=True)  # 2: persistent
            return ''

        def get_all(channel):
            notes = []
            while (message := channel.basic_get('notes'))[0] is not None:
                notes.append(message[2].decode())
            # Put them back before answering (basic.recover waits for the broker), not later as the connection closes:
            # a read right after this one must see them all.
            channel.basic_recover(requeue=True)
            return ''.join(n + '\n' for n in sorted(notes))

        def write(v):
            return amqp(lambda channel: publish(channel, v))

        def read():
            return amqp(get_all)
        """);

    /// <summary>
    /// Notes as objects under notes/ in the resource's bucket, through S3's REST API signed with AWS Signature Version 4
    /// by the standard library (no SDK in the image), with nothing but the outputs: a read lists the keys in order.
    /// </summary>
    public static NotesStore S3 { get; } = new("s3", ["endpoint", "region", "bucket", "access_key_id", "secret_key"], """
        import datetime, hashlib, hmac, urllib.error, urllib.request

        def s3(method, key='', query=None, body=b''):
            endpoint, region = os.environ['DB_ENDPOINT'].rstrip('/'), os.environ['DB_REGION']
            host = urllib.parse.urlparse(endpoint).netloc
            path = '/' + os.environ['DB_BUCKET'] + ('/' + urllib.parse.quote(key, safe='-_.~/') if key else '')
            canonical_query = '&'.join(k + '=' + urllib.parse.quote(v, safe='-_.~') for k, v in sorted((query or {}).items()))
            now = datetime.datetime.now(datetime.timezone.utc)
            stamp, day = now.strftime('%Y%m%dT%H%M%SZ'), now.strftime('%Y%m%d')
            payload = hashlib.sha256(body).hexdigest()
            headers = {'host': host, 'x-amz-content-sha256': payload, 'x-amz-date': stamp}
            names = ';'.join(sorted(headers))
            canonical = '\n'.join([method, path, canonical_query, ''.join(k + ':' + headers[k] + '\n' for k in sorted(headers)), names, payload])
            scope = day + '/' + region + '/s3/aws4_request'
            text = '\n'.join(['AWS4-HMAC-SHA256', stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
            signing = ('AWS4' + os.environ['DB_SECRET_KEY']).encode()
            for part in (day, region, 's3', 'aws4_request'):
                signing = hmac.new(signing, part.encode(), hashlib.sha256).digest()
            signature = hmac.new(signing, text.encode(), hashlib.sha256).hexdigest()
            headers['authorization'] = ('AWS4-HMAC-SHA256 Credential=' + os.environ['DB_ACCESS_KEY_ID'] + '/' + scope
                                        + ', SignedHeaders=' + names + ', Signature=' + signature)
            url = endpoint + path + ('?' + canonical_query if canonical_query else '')
            request = urllib.request.Request(url, data=body if method == 'PUT' else None, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return subprocess.CompletedProcess([], 0, response.read().decode(), '')
            except (urllib.error.URLError, OSError) as e:
                detail = e.read().decode() if isinstance(e, urllib.error.HTTPError) else ''
                return subprocess.CompletedProcess([], 1, '', f'{e} {detail}')

        def write(v):
            return s3('PUT', 'notes/' + v, body=v.encode())

        def read():
            listed = s3('GET', query={'list-type': '2', 'prefix': 'notes/'})
            if listed.returncode != 0:
                return listed
            import xml.etree.ElementTree as tree
            keys = [e.text for e in tree.fromstring(listed.stdout).iter() if e.tag.endswith('}Key') or e.tag == 'Key']
            return subprocess.CompletedProcess([], 0, ''.join(k[len('notes/'):] + '\n' for k in sorted(keys)), '')
        """);
}

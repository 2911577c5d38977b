using Docker.DotNet;

namespace Gantry.Testing;

/// <summary>
/// The base image of <see cref="NotesApp"/> on the container runtime, from this machine's Debian files: python3 with
/// its standard library (without its tests, build files and tools the app never imports), python3-pika, and the clients
/// the stores run (psql, mariadb, redis-cli). Its app image adds app.py in /app.
/// </summary>
public static class NotesImage
{
    public const string Name = "localhost/gantry-test/notes:1";

    private const string Stdlib = "/usr/lib/python3.11";

    // Never imported by the app: the Makefile and static library for building extensions (25 MB), the test suite and
    // the test extensions, 2to3, pydoc's topics, distutils, ensurepip, unittest, and sqlite3 and dbm (whose extensions
    // would bring libsqlite3 and Berkeley DB, 3 MB); nor optimised bytecode (the app runs without -O).
    private static readonly string[] Unused =
    [
        "/config-3.11-", "/test/", "/lib2to3/", "/pydoc_data/", "/distutils/", "/ensurepip/", "/unittest/", "/idlelib/", "/tkinter/", "/turtledemo/",
        "/sqlite3/", "/dbm/", "/lib-dynload/_sqlite3.", "/lib-dynload/_dbm.", "/lib-dynload/_test", "/lib-dynload/_ctypes_test.", "/lib-dynload/xxlimited",
        "/lib-dynload/_xxtestfuzz.", ".opt-1.pyc", ".opt-2.pyc",
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Makes the image unless the engine has it.</summary>
    public static async Task EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            using var client = TestImages.Client();
            try
            {
                await client.Images.InspectImageAsync(Name);
                return;
            }
            catch (DockerImageNotFoundException)
            {
            }

            await Recipe().ImportAsync(client, Name,
            [
                "ENV PATH=/usr/local/bin:/usr/bin:/bin",
                "ENV LANG=C.UTF-8",
                "WORKDIR /app",
                "CMD [\"/usr/bin/python3\", \"app.py\"]",
            ]);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static RootfsBuilder Recipe()
    {
        // psql on PATH is Debian's wrapper (a Perl script that picks a cluster): the image links the client itself.
        var postgres = Directory.GetDirectories("/usr/lib/postgresql").Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("The notes image needs psql, which this machine lacks (install postgresql-client).");
        var rootfs = new RootfsBuilder()
            .Binaries("/usr/bin/python3", "/usr/bin/mariadb", "/usr/bin/redis-cli", Path.Combine(postgres, "bin", "psql"))
            .Link("/usr/bin/psql", Path.Combine(postgres, "bin", "psql"))
            .Tree(Stdlib, path => !Unused.Any((path + "/").Contains))
            .Tree("/usr/lib/python3/dist-packages/pika")
            .Tree("/usr/lib/locale/C.utf8")
            .Directory("/app", RootfsBuilder.Mode755);
        return rootfs;
    }
}

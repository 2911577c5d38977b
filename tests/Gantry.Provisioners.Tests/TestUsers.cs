using Gantry.Provisioners.Unix;

namespace Gantry.Provisioners.Tests;

/// <summary>The users the service tests need: root to switch users, and postgres (made by Debian's postgresql package).</summary>
internal static class TestUsers
{
    public static void RequireRoot()
    {
        if (!UnixUser.IsRoot)
        {
            throw new InvalidOperationException("these tests switch users, which needs root: run them as root (CI does)");
        }
    }

    public static UnixUser Postgres()
    {
        RequireRoot();
        return UnixUser.Find("postgres")
            ?? throw new InvalidOperationException("the postgres user is missing: run ./test.sh, which installs postgresql (apt-get install postgresql)");
    }
}

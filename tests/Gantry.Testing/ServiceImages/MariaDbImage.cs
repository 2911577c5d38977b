namespace Gantry.Testing;

/// <summary>Placeholder until the MariaDB stand-in is written.</summary>
internal static class MariaDbImage
{
    public static (RootfsBuilder Rootfs, IList<string> Changes) Recipe() => throw new NotImplementedException();
}

namespace Gantry.Testing;

/// <summary>Placeholder until the RabbitMQ stand-in is written.</summary>
internal static class RabbitMqImage
{
    public static (RootfsBuilder Rootfs, IList<string> Changes) Recipe() => throw new NotImplementedException();
}

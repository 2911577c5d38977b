using System.Globalization;

namespace Gantry.Runtime.Instances.Container;

/// <summary>
/// How far a pull has got: in bytes where the engine tells them (Docker), else in layers (Podman's Docker API only
/// says when each layer starts and completes).
/// </summary>
public sealed record PullProgress(string Image, long DoneBytes, long TotalBytes, int LayersDone, int Layers)
{
    /// <summary>0 to 1; null until the engine has named a layer.</summary>
    public double? Fraction =>
        TotalBytes > 0 ? Math.Clamp((double)DoneBytes / TotalBytes, 0, 1)
        : Layers > 0 ? (double)LayersDone / Layers
        : null;

    public override string ToString() =>
        TotalBytes > 0 ? string.Create(CultureInfo.InvariantCulture, $"pulling {Image}: {DoneBytes / 1e6:0.0} of {TotalBytes / 1e6:0.0} MB ({Fraction * 100:0}%)")
        : Layers > 0 ? string.Create(CultureInfo.InvariantCulture, $"pulling {Image}: {LayersDone} of {Layers} layers ({Fraction * 100:0}%)")
        : $"pulling {Image}";
}

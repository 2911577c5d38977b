using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Gantry.ControlPlane.Store;

/// <summary>
/// Opens sealed specs as release records are read, with the <see cref="SpecSealing"/> of the context's own store.
/// One instance for the whole process: EF builds an internal service provider per distinct materialization
/// interceptor, so an instance per store (several in one test run) would multiply them.
/// </summary>
public sealed class SpecOpening : IMaterializationInterceptor
{
    private SpecOpening()
    {
    }

    public static SpecOpening Instance { get; } = new();

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is not (ReleaseRecord or EnvironmentReleaseRecord))
        {
            return entity;
        }

        var sealing = materializationData.Context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SpecSealing>().FirstOrDefault()
            ?? throw new InvalidOperationException("the store has no SpecSealing to open release specs with");
        switch (entity)
        {
            case ReleaseRecord release:
                release.SpecJson = sealing.Open(release.SpecJson);
                break;
            case EnvironmentReleaseRecord release:
                release.SpecJson = sealing.Open(release.SpecJson);
                break;
        }

        return entity;
    }
}

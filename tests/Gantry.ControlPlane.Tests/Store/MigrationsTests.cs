using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Tests.Store;

public sealed class MigrationsTests
{
    [Fact]
    public void Migrations_CoverEveryChangeToTheModel()
    {
        // A model change without 'dotnet ef migrations add' would leave existing data folders unable to start.
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet tool restore && dotnet ef migrations add NAME -p src/Gantry.ControlPlane -s src/Gantry.ControlPlane -o Store/Migrations");
    }
}

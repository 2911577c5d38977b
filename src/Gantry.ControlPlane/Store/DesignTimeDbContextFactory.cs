using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gantry.ControlPlane.Store;

/// <summary>Lets <c>dotnet ef migrations add NAME -p src/Gantry.ControlPlane</c> build the model without starting Gantry.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<GantryDbContext>
{
    public GantryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GantryDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

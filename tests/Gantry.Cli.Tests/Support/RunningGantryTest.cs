using Gantry.Testing;

namespace Gantry.Cli.Tests.Support;

/// <summary>A test class whose every test gets its own <c>gantry up</c> process and temp folder.</summary>
public abstract class RunningGantryTest(string prefix) : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new(prefix);

    protected GantryProcess Gantry { get; set; } = null!;

    public async Task InitializeAsync() => Gantry = await GantryProcess.StartAsync(Temp.Combine("data"));

    public async Task DisposeAsync()
    {
        await Gantry.DisposeAsync();
        Temp.Dispose();
    }
}

using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

public sealed class ReleaseDiffTests
{
    [Fact]
    public void Lines_MarksWhatWasRemovedAndAdded_AndKeepsTheRestInOrder()
    {
        var diff = ReleaseDiff.Lines(["a", "b", "c", "d"], ["a", "c", "x", "d"]);

        Assert.Equal(
            ["  a", "- b", "  c", "+ x", "  d"],
            diff.Select(l => (l.Kind switch { DiffKind.Added => "+ ", DiffKind.Removed => "- ", _ => "  " }) + l.Text));
    }

    [Fact]
    public void Compute_OfTwoReleasesThatDifferInOneVariable_ShowsJustThatChange()
    {
        var before = Load("GREETING: hello");
        var after = Load("GREETING: goodbye");

        var changed = ReleaseDiff.Compute(before, after).Where(l => l.Kind != DiffKind.Same).ToList();

        Assert.Equal(2, changed.Count);
        Assert.Contains(changed, l => l.Kind == DiffKind.Removed && l.Text.Contains("\"hello\"", StringComparison.Ordinal));
        Assert.Contains(changed, l => l.Kind == DiffKind.Added && l.Text.Contains("\"goodbye\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_OfTheSameSpec_ChangesNothing()
    {
        var spec = Load("A: b");

        Assert.All(ReleaseDiff.Compute(spec, spec), l => Assert.Equal(DiffKind.Same, l.Kind));
    }

    private static Gantry.AppModel.Spec.AppSpec Load(string variable) =>
        Gantry.AppModel.Loading.AppLoader.Load(
            new Gantry.AppModel.Loading.InMemoryAppFiles(new Dictionary<string, string>
            {
                ["score.yaml"] = $"""
                    apiVersion: score.dev/v1b1
                    metadata:
                      name: web
                    containers:
                      app:
                        image: nginx
                        variables:
                          {variable}
                    """,
            }),
            "score.yaml").App!;
}

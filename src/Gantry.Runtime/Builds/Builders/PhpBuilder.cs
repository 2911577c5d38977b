using System.Collections.Immutable;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>
/// Builds a folder with a <c>composer.json</c> or an <c>index.php</c>: <c>composer install --no-dev</c> when there is a
/// composer.json, then serves <c>public/</c> (when it holds index.php) or the folder with PHP's built-in server, several workers.
/// </summary>
public sealed class PhpBuilder : ISourceBuilder
{
    private static readonly string[] ProjectFiles = ["composer.json", "index.php", "public/index.php"];

    public string Name => "php";

    public string Fingerprint => "php";

    public bool Detects(BuildRequest request) =>
        ProjectFiles.Any(f => File.Exists(Path.Combine(request.SourceDirectory, f)));

    public async Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        // Where it really is: an image made from this machine's PHP holds it there, not behind /usr/bin's links.
        var php = Tools.RealPath(Tools.OnPath("php") ?? throw new BuildFailedException("a PHP project was found but PHP is not installed; install it (apt-get install php-cli)"));
        var app = Path.Combine(context.ArtifactDirectory, "app");
        SourceTree.Copy(context.Request.SourceDirectory, app, context.Request.Ignored);
        var composer = File.Exists(Path.Combine(app, "composer.json"));
        if (composer)
        {
            var tool = Tools.OnPath("composer")
                ?? throw new BuildFailedException("composer.json found but Composer is not installed; install it (apt-get install composer)");
            await BuildStep.RunAsync(
                "composer install --no-dev", tool, ["install", "--no-dev", "--no-interaction", "--no-progress", "--optimize-autoloader"],
                app, new Dictionary<string, string> { ["COMPOSER_NO_INTERACTION"] = "1" }, context.Output, cancellationToken);
        }

        var root = File.Exists(Path.Combine(app, "public", "index.php")) ? "public" : ".";
        var environment = ImmutableDictionary<string, string>.Empty.Add("PHP_CLI_SERVER_WORKERS", "4");
        var launch = Procfile.Launch($"{php} -S \"${{HOST:-0.0.0.0}}:${{PORT:-8080}}\" -t {root}", app, environment);
        return new BuiltApp(launch, $"PHP ({(composer ? "composer.json" : "index.php")})", $"PHP's built-in server on {(root == "." ? "the folder" : "public/")}");
    }
}

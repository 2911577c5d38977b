using System.Net;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Gantry.Runtime.Builds.Static;

/// <summary>The file server static sites run with (<c>gantry serve-static</c>): a folder on 127.0.0.1, index.html by default, a 404 page otherwise.</summary>
public static class StaticSiteServer
{
    private const string NotFoundPage =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>" +
        "<body><h1>404 Not Found</h1><p>There is no page at this address.</p></body></html>";

    /// <summary>Serves <paramref name="root"/> on 127.0.0.1:<paramref name="port"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(string root, int port, CancellationToken cancellationToken)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"static site folder '{root}' does not exist");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{IPAddress.Loopback}:{port}");
        await using var app = builder.Build();

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = ContentTypes(),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        app.Run(context => NotFoundAsync(context, root));
        await app.RunAsync(cancellationToken);
    }

    private static FileExtensionContentTypeProvider ContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }

    /// <summary>The site's own <c>404.html</c> when it has one (the convention of static hosts), else a plain page.</summary>
    private static async Task NotFoundAsync(HttpContext context, string root)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        var custom = Path.Combine(root, "404.html");
        if (File.Exists(custom))
        {
            await context.Response.SendFileAsync(custom, context.RequestAborted);
        }
        else
        {
            await context.Response.WriteAsync(NotFoundPage, context.RequestAborted);
        }
    }
}

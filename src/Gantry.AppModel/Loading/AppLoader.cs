using System.Collections.Immutable;
using Gantry.AppModel.Validation;
using Gantry.Gateway.Config;

namespace Gantry.AppModel.Loading;

/// <summary>
/// Loads an app from its files: a lone Score file or a <c>gantry.yaml</c> naming Score files.
/// Never throws for bad input; every problem found comes back as a located <see cref="SpecError"/>.
/// </summary>
public static class AppLoader
{
    /// <param name="files">The app's files.</param>
    /// <param name="entryPath">The Score file or gantry.yaml, relative to the app's root folder (forward slashes).</param>
    /// <param name="options">Null: the local, strict way.</param>
    public static AppLoadResult Load(IAppFiles files, string entryPath, AppLoadOptions? options = null)
    {
        var errors = new ErrorList();
        options ??= AppLoadOptions.Local;
        var app = new AppReader(files, errors, options).Read(entryPath);
        var urls = errors.JwksUrls.Where(url => CheckJwksUrl(url, options, errors)).ToImmutableArray();
        var found = errors.ToImmutable();
        return new AppLoadResult(found.IsEmpty ? app : null, found) { JwksUrls = urls, Warnings = [.. errors.Warnings.Distinct()] };
    }

    /// <summary>
    /// A JWKS URL the gateway would refuse without asking the network (not https, a literal address or localhost the
    /// platform does not allow) is an error where it is written. Where the platform is unknown, what none accepts.
    /// </summary>
    private static bool CheckJwksUrl(JwksUrlReference url, AppLoadOptions options, ErrorList errors)
    {
        if ((options.JwksUrls ?? JwksFetchPolicy.AnyAddress).CheckUrl(url.Url) is not { } problem)
        {
            return true;
        }

        errors.Add(url.Refused(problem));
        return false;
    }
}

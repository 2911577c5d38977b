namespace Gantry.ControlPlane.Git;

/// <summary>The checks on a connection's fields: each refusal names the field and what to give instead.</summary>
internal static class ConnectionFields
{
    public static string Repository(string? value)
    {
        var url = value?.Trim() ?? "";
        if (url.Length == 0)
        {
            throw new GitRefusedException(400, "repository: give the repository's URL (https://…, ssh://…, git@host:owner/repo.git or file:///path)");
        }

        // A leading '-' would reach git as an option.
        if (url.StartsWith('-') || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || url.Length > 500)
        {
            throw new GitRefusedException(400, $"repository: '{url}' is not a repository URL");
        }

        if (RepositoryUrls.HasCredentials(url))
        {
            throw new GitRefusedException(400, "repository: the URL carries credentials; connect with an SSH URL and the deploy key Gantry generates instead, so no secret is stored in a URL");
        }

        return url;
    }

    public static string Branch(string value)
    {
        var branch = value.Trim();
        return RepositoryUrls.IsBranchName(branch)
            ? branch
            : throw new GitRefusedException(400, $"branch: '{branch}' is not a branch name (letters, digits, '.', '_', '-' and '/')");
    }

    /// <summary>A folder inside the repository, as a relative path with '/' ('' for its root).</summary>
    public static string Folder(string value) => RelativePath("path", value);

    /// <summary>An entry file name; empty clears it (the file is then found).</summary>
    public static string? Entry(string value) => RelativePath("entry", value) is { Length: > 0 } entry ? entry : null;

    private static string RelativePath(string field, string value)
    {
        var segments = value.Trim().Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (value.StartsWith('/') || segments.Contains("..") || value.Any(char.IsControl))
        {
            throw new GitRefusedException(400, $"{field}: '{value}' must be a path inside the repository, relative to its root, without '..'");
        }

        return string.Join('/', segments);
    }
}

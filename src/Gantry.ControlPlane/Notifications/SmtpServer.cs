namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// The mail server e-mail destinations send through (<c>gantry up --smtp URL --smtp-from ADDRESS</c>). Credentials
/// come from the environment, never from arguments a process list shows.
/// </summary>
/// <param name="ImplicitTls">smtps:// (TLS from the first byte, usually port 465); smtp:// upgrades with STARTTLS when the server offers it.</param>
public sealed record SmtpServer(string Host, int Port, bool ImplicitTls, string From, string? User, string? Password)
{
    public const string UserVariable = "GANTRY_SMTP_USER";
    public const string PasswordVariable = "GANTRY_SMTP_PASSWORD";

    /// <summary>Reads <c>smtp://HOST[:PORT]</c> or <c>smtps://HOST[:PORT]</c>; null with <paramref name="problem"/> naming the flag.</summary>
    public static SmtpServer? Parse(string url, string? from, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || uri.Host.Length == 0)
        {
            problem = $"--smtp: '{url}' is not smtp://HOST[:PORT] or smtps://HOST[:PORT]";
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = $"--smtp: put the user and password in {UserVariable} and {PasswordVariable}, not in the URL";
            return null;
        }

        if (string.IsNullOrWhiteSpace(from) || !System.Net.Mail.MailAddress.TryCreate(from, out _))
        {
            problem = "--smtp-from: give the address e-mails are sent from, for example gantry@example.com";
            return null;
        }

        var implicitTls = uri.Scheme == "smtps";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (implicitTls ? 465 : 587) : uri.Port;
        return new SmtpServer(uri.Host, port, implicitTls, from, environment(UserVariable), environment(PasswordVariable));
    }
}

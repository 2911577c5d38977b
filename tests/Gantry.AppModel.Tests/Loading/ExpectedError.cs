using System.Globalization;
using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Loading;

/// <summary>One line of a corpus expected.txt: "file:line:column: field", optionally " ~ message fragment".</summary>
public sealed record ExpectedError(string File, int Line, int Column, string Field, string? MessagePart)
{
    public static ExpectedError Parse(string text)
    {
        var tilde = text.IndexOf(" ~ ", StringComparison.Ordinal);
        var location = tilde < 0 ? text : text[..tilde];
        var messagePart = tilde < 0 ? null : text[(tilde + 3)..].Trim();
        var parts = location.Split(':', 4);
        return new ExpectedError(
            parts[0],
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            parts.Length > 3 ? parts[3].Trim() : "",
            messagePart);
    }

    public bool Matches(SpecError error) =>
        error.File == File && error.Line == Line && error.Column == Column && error.Field == Field
        && (MessagePart is null || error.Message.Contains(MessagePart, StringComparison.Ordinal));
}

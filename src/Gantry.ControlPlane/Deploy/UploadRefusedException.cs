namespace Gantry.ControlPlane.Deploy;

/// <summary>An upload that breaks a rule: 400 for an entry that is not allowed, 413 for one that is too large or too many.</summary>
public sealed class UploadRefusedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static UploadRefusedException Entry(string name, string reason) =>
        new(StatusCodes.Status400BadRequest, $"entry '{ByteSize.Printable(name)}' was refused: {reason}");

    public static UploadRefusedException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);
}

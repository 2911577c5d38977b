namespace Gantry.ControlPlane.ObjectStorage;

/// <summary>S3 credentials from the environment (Gantry's own variables, else the AWS ones), never from a command line.</summary>
internal static class S3Credentials
{
    /// <summary>The access key and secret key; null with <paramref name="problem"/> naming the flag and the variables when either is missing.</summary>
    /// <param name="whose">Whose credentials, for the message: "the bucket's", "its".</param>
    public static (string AccessKeyId, string SecretKey)? Read(
        Func<string, string?> environment, string accessVariable, string secretVariable, string flag, string whose, out string? problem)
    {
        var accessKey = environment(accessVariable) ?? environment("AWS_ACCESS_KEY_ID");
        var secretKey = environment(secretVariable) ?? environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            problem = $"{flag}: set {whose} credentials in the environment: {accessVariable} and {secretVariable} (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
            return null;
        }

        problem = null;
        return (accessKey, secretKey);
    }
}

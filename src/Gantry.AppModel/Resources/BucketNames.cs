namespace Gantry.AppModel.Resources;

/// <summary>
/// The bucket an <c>s3</c> resource gets: <c>APP-ID</c> (ID: the resource's <c>id</c>, else <c>WORKLOAD-NAME</c>),
/// kept within S3's rules (3–63 lowercase letters, digits and hyphens); a name changed or cut to fit ends with a hash
/// of what was asked, so two resources never share one by accident.
/// </summary>
internal static class BucketNames
{
    private const int Max = 63;

    public static string Of(string app, string workload, ScoreResourceKey resource)
    {
        var wanted = $"{app}-{resource.Id ?? $"{workload}-{resource.Name}"}";
        var clean = LabelNames.Fold(wanted);
        return clean == wanted && clean.Length is >= 3 and <= Max ? clean : LabelNames.WithHash(clean, Max, wanted).TrimStart('-');
    }
}

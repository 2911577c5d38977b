namespace Gantry.AppModel.Resources;

/// <summary>
/// The bucket an <c>s3</c> resource gets: <c>APP-ID</c> (ID: the resource's <c>id</c>, else <c>WORKLOAD-NAME</c>),
/// kept within S3's rules (3–63 lowercase letters, digits and hyphens); a name changed or cut to fit ends with a hash
/// of what was asked, so two resources never share one by accident.
/// </summary>
internal static class BucketNames
{
    public static string Of(string app, string workload, ScoreResourceKey resource) =>
        LabelNames.Make($"{app}-{resource.Id ?? $"{workload}-{resource.Name}"}");
}

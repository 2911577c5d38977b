using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Runtime.Logs;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Jobs;

/// <summary>The test app with jobs, deployed to a test server, and what the jobs API says of them.</summary>
internal sealed class JobApp(TestServer server, string app)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public string Name => app;

    /// <summary>Deploys the Node test app with <paramref name="jobs"/> (gantry.yaml's jobs list) and waits until it serves.</summary>
    public static async Task<JobApp> DeployAsync(TestServer server, string directory, string jobs, string app = "cron")
    {
        var accepted = await server.DeployAsync(new NodeApp(Name: app) { Jobs = jobs }, directory);
        var release = await server.WaitForReleaseAsync(app, accepted.Release);
        Assert.True(release.Release.Status == "Succeeded", $"release {accepted.Release}: {release.Release.Status} {release.Release.Reason}");
        return new JobApp(server, app);
    }

    public async Task<List<JobRunInfo>> RunsAsync(string job, int limit = 100) =>
        await server.Admin.GetFromJsonAsync<List<JobRunInfo>>($"api/v1/apps/{app}/jobs/{job}/runs?limit={limit}", JsonSerializerOptions.Web) ?? [];

    public async Task<List<JobInfo>> JobsAsync() =>
        await server.Admin.GetFromJsonAsync<List<JobInfo>>($"api/v1/apps/{app}/jobs", JsonSerializerOptions.Web) ?? [];

    public async Task<List<LogLine>> LogsAsync(string job, long run) =>
        await server.Admin.GetFromJsonAsync<List<LogLine>>($"api/v1/apps/{app}/jobs/{job}/runs/{run}/logs", JsonSerializerOptions.Web) ?? [];

    public async Task<JobRunInfo> RunNowAsync(string job)
    {
        var response = await server.Admin.PostAsync($"api/v1/apps/{app}/jobs/{job}/runs", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"run answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JobRunInfo>(JsonSerializerOptions.Web))!;
    }

    /// <summary>Waits until the run has ended; returns it.</summary>
    public Task<JobRunInfo> EndedAsync(string job, long run, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => (await server.Admin.GetFromJsonAsync<JobRunInfo>($"api/v1/apps/{app}/jobs/{job}/runs/{run}", JsonSerializerOptions.Web))!,
            r => r.State != "running", timeout ?? Deadline, $"run {run} of {job} to end");

    /// <summary>Waits until the job's runs satisfy <paramref name="done"/>; returns them, newest first.</summary>
    public Task<List<JobRunInfo>> RunsUntilAsync(string job, Func<List<JobRunInfo>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => RunsAsync(job), done, timeout ?? Deadline, what);
}

using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gantry.AppModel.Compose;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.Runtime.Logs;

namespace Gantry.Cli.Client;

/// <summary>The admin API from the CLI's side: typed calls, problems turned into <see cref="ApiException"/>.</summary>
public sealed class GantryClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    private readonly HttpClient _http;
    private readonly Connection _connection;

    public GantryClient(Connection connection)
    {
        _connection = connection;
        _http = new HttpClient { BaseAddress = connection.Server, Timeout = Timeout.InfiniteTimeSpan };
        if (connection.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<List<AppSummary>> AppsAsync(CancellationToken ct) => GetAsync<List<AppSummary>>("api/v1/apps", ct);

    public Task<AppDetail> AppAsync(string app, CancellationToken ct) => GetAsync<AppDetail>($"api/v1/apps/{app}", ct);

    public Task<List<ReleaseInfo>> ReleasesAsync(string app, CancellationToken ct) => GetAsync<List<ReleaseInfo>>($"api/v1/apps/{app}/releases", ct);

    public Task<ReleaseDetail> ReleaseAsync(string app, int number, CancellationToken ct) => GetAsync<ReleaseDetail>($"api/v1/apps/{app}/releases/{number}", ct);

    public Task<List<ProvisionerInfo>> ProvisionersAsync(CancellationToken ct) => GetAsync<List<ProvisionerInfo>>("api/v1/provisioners", ct);

    public Task<List<ResourceInfo>> ResourcesAsync(string app, CancellationToken ct) => GetAsync<List<ResourceInfo>>($"api/v1/apps/{app}/resources", ct);

    public Task<ResourceInfo> ResourceAsync(string app, string name, CancellationToken ct) =>
        GetAsync<ResourceInfo>($"api/v1/apps/{app}/resources/{Uri.EscapeDataString(name)}", ct);

    public Task<ResourceInfo> RevealResourceAsync(string app, string name, CancellationToken ct) =>
        SendAsync<ResourceInfo>(HttpMethod.Post, $"api/v1/apps/{app}/resources/{Uri.EscapeDataString(name)}/reveal", null, ct);

    public Task<List<BackupInfo>> CreateBackupAsync(string app, string? resource, CancellationToken ct) =>
        SendAsync<List<BackupInfo>>(HttpMethod.Post, $"api/v1/apps/{app}/backups", JsonContent.Create(new CreateBackupRequest(resource), options: Json), ct);

    public Task<List<BackupInfo>> BackupsAsync(string app, string? resource, CancellationToken ct) =>
        GetAsync<List<BackupInfo>>($"api/v1/apps/{app}/backups{(resource is null ? "" : $"?resource={Uri.EscapeDataString(resource)}")}", ct);

    public Task<BackupInfo> RestoreBackupAsync(string app, RestoreBackupRequest request, CancellationToken ct) =>
        SendAsync<BackupInfo>(HttpMethod.Post, $"api/v1/apps/{app}/backups/restore", JsonContent.Create(request, options: Json), ct);

    public Task<BackupVerification> VerifyBackupAsync(string app, VerifyBackupRequest request, CancellationToken ct) =>
        SendAsync<BackupVerification>(HttpMethod.Post, $"api/v1/apps/{app}/backups/verify", JsonContent.Create(request, options: Json), ct);

    public Task<List<PlatformServiceInfo>> ServicesAsync(CancellationToken ct) => GetAsync<List<PlatformServiceInfo>>("api/v1/services", ct);

    public Task<RevealedSecrets> RevealSecretsAsync(string app, int number, CancellationToken ct) =>
        SendAsync<RevealedSecrets>(HttpMethod.Post, $"api/v1/apps/{app}/releases/{number}/secrets/reveal", null, ct);

    /// <param name="compose">How a compose entry is imported: its name (without a top-level 'name:'), profiles, --provision.</param>
    public async Task<DeployAccepted> DeployAsync(string entry, Stream bundle, CancellationToken ct, ComposeImportOptions? compose = null)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(entry), "entry" },
            { new StreamContent(bundle), "bundle", "app.tar.gz" },
        };
        if (compose is not null)
        {
            AddComposeFields(content, compose);
        }

        return await SendAsync<DeployAccepted>(HttpMethod.Post, "api/v1/deploy", content, ct);
    }

    private static void AddComposeFields(MultipartFormDataContent content, ComposeImportOptions compose)
    {
        if (compose.ProjectName is { } name)
        {
            content.Add(new StringContent(name), "name");
        }

        foreach (var profile in compose.Profiles)
        {
            content.Add(new StringContent(profile), "profile");
        }

        if (compose.Provision)
        {
            content.Add(new StringContent("true"), "provision");
        }
    }

    public Task<DeployAccepted> RollbackAsync(string app, int? to, CancellationToken ct) =>
        SendAsync<DeployAccepted>(HttpMethod.Post, $"api/v1/apps/{app}/rollback", JsonContent.Create(new RollbackRequest(to), options: Json), ct);

    public Task<DeployAccepted> ScaleAsync(string app, IReadOnlyDictionary<string, int> replicas, CancellationToken ct) =>
        SendAsync<DeployAccepted>(HttpMethod.Post, $"api/v1/apps/{app}/scale", JsonContent.Create(new ScaleRequest(replicas), options: Json), ct);

    public Task<CreatedApiKey> CreateKeyAsync(string app, string name, IReadOnlyList<string> roles, CancellationToken ct) =>
        SendAsync<CreatedApiKey>(HttpMethod.Post, $"api/v1/apps/{app}/keys", JsonContent.Create(new CreateApiKeyRequest(name, roles), options: Json), ct);

    public Task<List<ApiKeyInfo>> KeysAsync(string app, CancellationToken ct) => GetAsync<List<ApiKeyInfo>>($"api/v1/apps/{app}/keys", ct);

    public Task<ClientBlockInfo> BlockAsync(string app, string kind, string value, CancellationToken ct) =>
        SendAsync<ClientBlockInfo>(HttpMethod.Post, $"api/v1/apps/{app}/blocks", JsonContent.Create(new CreateBlockRequest(kind, value), options: Json), ct);

    public Task<List<ClientBlockInfo>> BlocksAsync(string app, CancellationToken ct) => GetAsync<List<ClientBlockInfo>>($"api/v1/apps/{app}/blocks", ct);

    public Task<List<CertificateInfo>> CertificatesAsync(CancellationToken ct) => GetAsync<List<CertificateInfo>>("api/v1/certificates", ct);

    public Task<CertificateInfo> UploadCertificateAsync(string certificate, string key, CancellationToken ct) =>
        SendAsync<CertificateInfo>(HttpMethod.Post, "api/v1/certificates", JsonContent.Create(new UploadCertificateRequest(certificate, key), options: Json), ct);

    public Task<List<DomainInfo>> DomainsAsync(CancellationToken ct) => GetAsync<List<DomainInfo>>("api/v1/domains", ct);

    public Task<DomainInfo> AddDomainAsync(string app, string host, string? target, CancellationToken ct) =>
        SendAsync<DomainInfo>(HttpMethod.Post, $"api/v1/apps/{app}/domains", JsonContent.Create(new AddDomainRequest(host, target), options: Json), ct);

    /// <summary>An app's settings, or the platform's when <paramref name="app"/> is null.</summary>
    public Task<List<SettingInfo>> SettingsAsync(string? app, bool reveal, CancellationToken ct) => reveal
        ? SendAsync<List<SettingInfo>>(HttpMethod.Post, $"{SettingsPath(app)}/reveal", null, ct)
        : GetAsync<List<SettingInfo>>(SettingsPath(app), ct);

    public Task<List<SettingInfo>> ChangeSettingsAsync(string? app, IReadOnlyDictionary<string, string?> values, CancellationToken ct) =>
        SendAsync<List<SettingInfo>>(HttpMethod.Patch, SettingsPath(app), JsonContent.Create(new SettingsRequest(new(values)), options: Json), ct);

    public Task<List<GatewayInfo>> GatewaysAsync(CancellationToken ct) => GetAsync<List<GatewayInfo>>("api/v1/gateways", ct);

    public Task<GatewayRestartInfo> RestartGatewayAsync(CancellationToken ct) =>
        SendAsync<GatewayRestartInfo>(HttpMethod.Post, "api/v1/gateways/restart", null, ct);

    public Task<List<TargetInfo>> TargetsAsync(CancellationToken ct) => GetAsync<List<TargetInfo>>("api/v1/targets", ct);

    public Task<TargetInfo> SaveTargetAsync(string name, TargetRequest target, CancellationToken ct) =>
        SendAsync<TargetInfo>(HttpMethod.Put, $"api/v1/targets/{Uri.EscapeDataString(name)}", JsonContent.Create(target, options: Json), ct);

    public Task<List<EnvironmentInfo>> EnvironmentsAsync(CancellationToken ct) => GetAsync<List<EnvironmentInfo>>("api/v1/environments", ct);

    public Task<EnvironmentInfo> SaveEnvironmentAsync(string name, string target, CancellationToken ct) =>
        SendAsync<EnvironmentInfo>(HttpMethod.Put, $"api/v1/environments/{Uri.EscapeDataString(name)}", JsonContent.Create(new EnvironmentRequest(target), options: Json), ct);

    public Task<PromotionAccepted> PromoteAsync(string app, string from, string to, CancellationToken ct) =>
        SendAsync<PromotionAccepted>(HttpMethod.Post, $"api/v1/apps/{app}/promote", JsonContent.Create(new PromoteRequest(from, to), options: Json), ct);

    public Task<List<EnvironmentReleaseInfo>> EnvironmentReleasesAsync(string app, CancellationToken ct) =>
        GetAsync<List<EnvironmentReleaseInfo>>($"api/v1/apps/{app}/environments/releases", ct);

    public Task<EnvironmentReleaseInfo> EnvironmentReleaseAsync(string app, string environment, int number, CancellationToken ct) =>
        GetAsync<EnvironmentReleaseInfo>($"api/v1/apps/{app}/environments/{Uri.EscapeDataString(environment)}/releases/{number}", ct);

    public async Task<string> CaAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/ca");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async Task<string> BuildLogAsync(string app, int release, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/apps/{app}/releases/{release}/build-log");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>DELETE of a sub-resource (a key, a block); the API's 404 names what is missing.</summary>
    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public async Task DeleteAppAsync(string app, bool purgeVolumes, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/apps/{app}?purge={(purgeVolumes ? "true" : "false")}");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public async IAsyncEnumerable<LogLine> LogsAsync(string app, string? workload, string? since, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = $"api/v1/apps/{app}/logs?follow={(follow ? "true" : "false")}"
            + (workload is null ? "" : $"&workload={Uri.EscapeDataString(workload)}")
            + (since is null ? "" : $"&since={Uri.EscapeDataString(since)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0 && JsonSerializer.Deserialize<LogLine>(line, Json) is { } entry)
            {
                yield return entry;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    public Task<GitConnectionInfo> GitConnectionAsync(string app, CancellationToken ct) => GetAsync<GitConnectionInfo>($"api/v1/apps/{app}/git", ct);

    public Task<GitConnectionInfo> ConnectGitAsync(string app, GitConnectRequest request, CancellationToken ct) =>
        SendAsync<GitConnectionInfo>(HttpMethod.Put, $"api/v1/apps/{app}/git", JsonContent.Create(request, options: Json), ct);

    public Task<DeployAccepted> DeployGitAsync(string app, string? gitRef, CancellationToken ct) =>
        SendAsync<DeployAccepted>(HttpMethod.Post, $"api/v1/apps/{app}/git/deploy", JsonContent.Create(new GitDeployRequest(gitRef), options: Json), ct);

    public Task<List<NotificationDestinationInfo>> NotificationDestinationsAsync(CancellationToken ct) =>
        GetAsync<List<NotificationDestinationInfo>>("api/v1/notifications", ct);

    public Task<NotificationDestinationInfo> SaveNotificationDestinationAsync(string name, NotificationDestinationRequest request, CancellationToken ct) =>
        SendAsync<NotificationDestinationInfo>(HttpMethod.Put, $"api/v1/notifications/{Uri.EscapeDataString(name)}", JsonContent.Create(request, options: Json), ct);

    public Task<NotificationTestResult> TestNotificationDestinationAsync(string name, CancellationToken ct) =>
        SendAsync<NotificationTestResult>(HttpMethod.Post, $"api/v1/notifications/{Uri.EscapeDataString(name)}/test", null, ct);

    /// <param name="state">pending, delivered or failed; null: all.</param>
    public Task<List<DeliveryInfo>> DeliveriesAsync(string? destination, string? state, CancellationToken ct) =>
        GetAsync<List<DeliveryInfo>>($"api/v1/notifications/deliveries?{Query(("destination", destination), ("state", state))}", ct);

    public Task<NotificationRetryResult> RetryNotificationsAsync(NotificationRetryRequest request, CancellationToken ct) =>
        SendAsync<NotificationRetryResult>(HttpMethod.Post, "api/v1/notifications/failures/retry", JsonContent.Create(request, options: Json), ct);

    public Task<List<AuditEntryInfo>> AuditAsync(string? app, string? since, int? limit, CancellationToken ct) =>
        GetAsync<List<AuditEntryInfo>>($"api/v1/audit?{Query(("app", app), ("since", since), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", ct);

    public Task<AuditVerification> VerifyAuditAsync(CancellationToken ct) => GetAsync<AuditVerification>("api/v1/audit/verify", ct);

    /// <summary>The jobs of one app, or of every app when <paramref name="app"/> is null.</summary>
    public Task<List<JobInfo>> JobsAsync(string? app, CancellationToken ct) =>
        GetAsync<List<JobInfo>>(app is null ? "api/v1/jobs" : $"api/v1/apps/{app}/jobs", ct);

    public Task<List<JobRunInfo>> JobRunsAsync(string app, string job, int? limit, CancellationToken ct) =>
        GetAsync<List<JobRunInfo>>($"{JobPath(app, job)}/runs?{Query(("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))}", ct);

    public Task<JobRunInfo> JobRunAsync(string app, string job, long run, CancellationToken ct) =>
        GetAsync<JobRunInfo>($"{JobPath(app, job)}/runs/{run}", ct);

    public Task<JobRunInfo> RunJobAsync(string app, string job, CancellationToken ct) =>
        SendAsync<JobRunInfo>(HttpMethod.Post, $"{JobPath(app, job)}/runs", null, ct);

    public Task<List<LogLine>> JobRunLogsAsync(string app, string job, long run, CancellationToken ct) =>
        GetAsync<List<LogLine>>($"{JobPath(app, job)}/runs/{run}/logs", ct);

    public Task<List<TokenInfo>> TokensAsync(CancellationToken ct) => GetAsync<List<TokenInfo>>("api/v1/tokens", ct);

    public Task<TokenCreated> CreateTokenAsync(CreateTokenRequest request, CancellationToken ct) =>
        SendAsync<TokenCreated>(HttpMethod.Post, "api/v1/tokens", JsonContent.Create(request, options: Json), ct);

    /// <summary>Where the server's API is, for addresses it hands out as paths (the webhook).</summary>
    public Task<List<UserInfo>> UsersAsync(CancellationToken ct) => GetAsync<List<UserInfo>>("api/v1/users", ct);

    public Task<UserInfo> CreateUserAsync(CreateUserRequest request, CancellationToken ct) =>
        SendAsync<UserInfo>(HttpMethod.Post, "api/v1/users", JsonContent.Create(request, options: Json), ct);

    public Task SetPasswordAsync(string user, string password, CancellationToken ct) =>
        SendNoContentAsync(HttpMethod.Put, $"api/v1/users/{Uri.EscapeDataString(user)}/password", JsonContent.Create(new SetPasswordRequest(password), options: Json), ct);

    public Task ChangeOwnPasswordAsync(string current, string password, CancellationToken ct) =>
        SendNoContentAsync(HttpMethod.Put, "api/v1/me/password", JsonContent.Create(new ChangePasswordRequest(current, password), options: Json), ct);

    public Task<CallerInfo> MeAsync(CancellationToken ct) => GetAsync<CallerInfo>("api/v1/me", ct);

    public Task<List<TeamInfo>> TeamsAsync(CancellationToken ct) => GetAsync<List<TeamInfo>>("api/v1/teams", ct);

    public Task<TeamInfo> CreateTeamAsync(string name, CancellationToken ct) =>
        SendAsync<TeamInfo>(HttpMethod.Post, "api/v1/teams", JsonContent.Create(new CreateTeamRequest(name), options: Json), ct);

    /// <summary>A user's role in a team (<paramref name="kind"/> "teams") or their own on one app ("apps").</summary>
    public Task<TeamMemberInfo> SetMemberAsync(string kind, string name, string user, string? role, CancellationToken ct) =>
        SendAsync<TeamMemberInfo>(HttpMethod.Put, $"api/v1/{kind}/{Uri.EscapeDataString(name)}/members/{Uri.EscapeDataString(user)}", JsonContent.Create(new SetMemberRequest(role), options: Json), ct);

    public Task<SetAppTeamRequest> SetAppTeamAsync(string app, string? team, CancellationToken ct) =>
        SendAsync<SetAppTeamRequest>(HttpMethod.Put, $"api/v1/apps/{Uri.EscapeDataString(app)}/team", JsonContent.Create(new SetAppTeamRequest(team), options: Json), ct);

    /// <summary>A kubeconfig for a team's namespaces in an environment's cluster (YAML).</summary>
    public async Task<string> TeamKubeconfigAsync(string team, string environment, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/teams/{Uri.EscapeDataString(team)}/kubeconfig")
        {
            Content = JsonContent.Create(new KubeconfigRequest(environment), options: Json),
        };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public Task<TotpSetup> BeginTotpAsync(CancellationToken ct) => SendAsync<TotpSetup>(HttpMethod.Post, "api/v1/me/totp", null, ct);

    public Task ConfirmTotpAsync(string code, CancellationToken ct) =>
        SendNoContentAsync(HttpMethod.Post, "api/v1/me/totp/confirm", JsonContent.Create(new TotpCodeRequest(code), options: Json), ct);

    /// <summary>Signs in without a token, with a password: the answer carries one.</summary>
    public Task<SignedIn> SignInAsync(string user, string password, string? code, CancellationToken ct) =>
        SignInAsync("api/v1/sessions", new SignInRequest(user, password, code), ct);

    /// <summary>Signs in without a token, with the one-time code the console sent (gantry login --web) and the PKCE verifier.</summary>
    public Task<SignedIn> SignInWithCodeAsync(string code, string verifier, CancellationToken ct) =>
        SignInAsync("api/v1/sessions/cli", new CliSignInRequest(code, verifier), ct);

    private async Task<SignedIn> SignInAsync<TBody>(string path, TBody body, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = _connection.Server, Timeout = TimeSpan.FromMinutes(1) };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(path, body, Json, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException(_connection.Server, ex);
        }

        using (response)
        {
            return response.IsSuccessStatusCode ? await ReadAsync<SignedIn>(response, ct) : throw await ProblemAsync(response, ct);
        }
    }

    public Uri Server => _connection.Server;

    private static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    private static string JobPath(string app, string job) => $"api/v1/apps/{Uri.EscapeDataString(app)}/jobs/{Uri.EscapeDataString(job)}";

    private static string SettingsPath(string? app) => app is null ? "api/v1/config" : $"api/v1/apps/{Uri.EscapeDataString(app)}/config";

    private async Task SendNoContentAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        if (_connection.Token is null)
        {
            throw new ApiException(401, $"no admin token: {_connection.TokenSource}. Set GANTRY_TOKEN, or GANTRY_DATA to the folder 'gantry up --data' uses.", []);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException(_connection.Server, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, ct);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new ApiException((int)response.StatusCode, "the server sent an empty answer", []);

    private static async Task<ApiException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            var errors = root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.TryGetProperty("text", out var t) ? t.GetString() ?? "" : e.ToString()).ToList()
                : [];
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : root.TryGetProperty("title", out var t2) ? t2.GetString() : null;
            return new ApiException(status, detail ?? $"the server answered {status}", errors);
        }
        catch (JsonException)
        {
            return new ApiException(status, $"the server answered {status} {response.ReasonPhrase}", []);
        }
    }
}

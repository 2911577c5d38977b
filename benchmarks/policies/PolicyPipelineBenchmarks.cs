using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Gantry.Gateway;
using Gantry.Gateway.Config;
using Gantry.Gateway.FastPath;
using Gantry.Gateway.Policies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Benchmarks.Policies;

/// <summary>
/// One request through a route's policies, as the gateway runs them per request: a JWT whose validation is cached
/// (the same token every time) with a per-subject rate limit, against the same limit keyed by address alone — on the
/// framework path (an HttpContext, headers as strings) and on the fast path (the head's values, the RateLimit-*
/// lines written as bytes). The request is reused, so what is measured is the policies' own work and allocations.
/// </summary>
[MemoryDiagnoser]
public class PolicyPipelineBenchmarks : IDisposable
{
    private readonly DefaultHttpContext _withToken = new();
    private readonly DefaultHttpContext _anonymous = new();
    private readonly GatewayRequestFeature _feature = new();
    private PolicyState _state = null!;
    private CompiledRoutePolicy _jwtAndLimit = null!;
    private CompiledRoutePolicy _limitByAddress = null!;
    private readonly ConnectionClient _client = new(IPAddress.Loopback);
    private readonly ArrayBufferWriter<byte> _answer = new(256);
    private char[] _authorization = [];

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var jwks = $$"""{"keys":[{"kty":"oct","kid":"bench","k":"{{Base64UrlEncoder.Encode(secret)}}","alg":"HS256"}]}""";
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://bench.test",
            Audience = "bench",
            Claims = new Dictionary<string, object> { ["sub"] = "bench-client" },
            Expires = DateTime.UtcNow.AddHours(2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = "bench" }, SecurityAlgorithms.HmacSha256),
        });

        _state = new PolicyState(Options.Create(new GatewayOptions()), new GatewayClients(), NullLogger<PolicyState>.Instance);
        var limit = new RateLimitConfig("auto", new QuotaConfig(1_000_000_000, null, null, null), []);
        var jwt = new JwtConfig("https://bench.test", ["bench"], null, jwks, TimeSpan.FromSeconds(30), "roles", "scope");
        _jwtAndLimit = new CompiledRoutePolicy("bench", "bench/secure", new RoutePolicyConfig { Auth = new AuthConfig(jwt, false, false), RateLimit = limit }, _state, _state.Authenticator("bench/secure", jwt));
        _limitByAddress = new CompiledRoutePolicy("bench", "bench/plain", new RoutePolicyConfig { RateLimit = limit with { Client = "ip" } }, _state, null);

        _withToken.Request.Headers.Authorization = "Bearer " + token;
        _authorization = ("Bearer " + token).ToCharArray();
        foreach (var context in new[] { _withToken, _anonymous })
        {
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            context.Request.Method = "GET";
            context.Request.Path = "/";
        }

        // The first request validates the token and fills the cache; every measured one hits it.
        if (!await _jwtAndLimit.AdmitAsync(_withToken, _feature) || !await _limitByAddress.AdmitAsync(_anonymous, new GatewayRequestFeature()))
        {
            throw new InvalidOperationException($"the benchmark's requests were refused: {_withToken.Response.StatusCode} {_anonymous.Response.StatusCode}");
        }

        if (!FastPathCachedJwtAndRateLimitBySubject() || !FastPathRateLimitByAddress())
        {
            throw new InvalidOperationException("the fast path left the benchmark's requests to the framework path");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _state.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public ValueTask<bool> RateLimitByAddress()
    {
        _feature.Identity = null;
        _feature.Client = null;
        return _limitByAddress.AdmitAsync(_anonymous, _feature);
    }

    [Benchmark]
    public ValueTask<bool> CachedJwtAndRateLimitBySubject()
    {
        _feature.Identity = null;
        _feature.Client = null;
        return _jwtAndLimit.AdmitAsync(_withToken, _feature);
    }

    [Benchmark]
    public bool FastPathRateLimitByAddress() =>
        AdmitFromHead(_limitByAddress, new HeadPolicyRequest("GET", [], hasApiKey: false, contentLength: 0, _client));

    [Benchmark]
    public bool FastPathCachedJwtAndRateLimitBySubject() =>
        AdmitFromHead(_jwtAndLimit, new HeadPolicyRequest("GET", _authorization, hasApiKey: false, contentLength: 0, _client));

    /// <summary>Admits the request and writes the RateLimit-* lines of its answer, as the fast path does (then drops them).</summary>
    private bool AdmitFromHead(CompiledRoutePolicy policy, in HeadPolicyRequest request)
    {
        if (policy.TryAdmitFromHead(request, out var admission) != HeadVerdict.Admitted)
        {
            return false;
        }

        _answer.ResetWrittenCount();
        RateLimitLines.Write(_answer, admission);
        return _answer.WrittenCount > 0;
    }
}

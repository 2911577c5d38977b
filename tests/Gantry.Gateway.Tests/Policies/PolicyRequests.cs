using System.Net.Http.Headers;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>Requests through a <see cref="TestGateway"/> with credentials and extra headers.</summary>
public static class PolicyRequests
{
    public static Task<HttpResponseMessage> SendAsync(
        this TestGateway gateway, string path, string? bearer = null, string? apiKey = null, HttpMethod? method = null,
        HttpContent? content = null, string host = "shop.test", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Host", host);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return gateway.Client.SendAsync(request);
    }
}

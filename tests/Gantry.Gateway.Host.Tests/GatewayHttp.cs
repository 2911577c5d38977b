using System.Net;

namespace Gantry.Gateway.Host.Tests;

/// <summary>Requests to a gateway on 127.0.0.1 with the Host header of a route, answered as status and body.</summary>
internal static class GatewayHttp
{
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(this HttpClient http, int port, string path, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

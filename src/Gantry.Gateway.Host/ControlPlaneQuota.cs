using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Host;

/// <summary>
/// Day and total quotas counted by the followed control plane (<c>POST /gateway/v1/quota</c>), so every gateway
/// admits a client's N per day together rather than N each. A failure throws: the gateway then counts alone for a while.
/// </summary>
internal sealed class ControlPlaneQuota(ControlPlaneClient controlPlane) : ISharedQuota
{
    // A token file replaced while the gateway runs is picked up within this long.
    private static readonly TimeSpan TokenMaxAge = TimeSpan.FromSeconds(5);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async ValueTask<SharedQuotaAnswer> CountAsync(SharedQuotaRequest request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, GatewayConfigJson.Default.SharedQuotaRequest));
        content.Headers.ContentType = Json;
        using var message = new HttpRequestMessage(HttpMethod.Post, "gateway/v1/quota") { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await controlPlane.TokenAsync(TokenMaxAge, cancellationToken));
        using var response = await controlPlane.Http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await ControlPlaneClient.ProblemDetailAsync(response, cancellationToken);
            throw new ControlPlaneRefusedException($"the control plane answered {(int)response.StatusCode}: {detail}");
        }

        return await response.Content.ReadFromJsonAsync(GatewayConfigJson.Default.SharedQuotaAnswer, cancellationToken)
            ?? throw new ControlPlaneRefusedException("the control plane answered an empty count");
    }
}

using System.Globalization;
using System.Net;

namespace Gantry.Gateway.Config;

/// <summary>
/// Asks a gateway's health listener whether one particular gateway process answers: during a restart the old gateway and
/// its successor accept on the same socket, so a 200 counts only when <see cref="GatewayPorts.PidHeader"/> names that process.
/// </summary>
public static class GatewayHealthProbe
{
    /// <summary>
    /// Whether process <paramref name="pid"/> itself answered 200 at <paramref name="endpoint"/>; false when it did not, or
    /// nothing answered in time. Only a cancelled <paramref name="cancellationToken"/> throws.
    /// </summary>
    public static async Task<bool> AnswersAsync(HttpClient http, Uri endpoint, int pid, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.GetAsync(endpoint, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK
                && response.Headers.TryGetValues(GatewayPorts.PidHeader, out var answered)
                && answered.FirstOrDefault() == pid.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

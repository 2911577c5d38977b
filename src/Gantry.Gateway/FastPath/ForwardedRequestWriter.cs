using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Gantry.Gateway.Forwarding;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Writes the request head an app receives, with the framework path's rules: the request line and fields as sent
/// (Host included), minus hop-by-hop fields and the headers only the gateway may set (X-Forwarded-*, Forwarded,
/// X-Gantry-*, the API key), plus the identity the route's policy established and X-Forwarded-For, -Proto and -Host.
/// </summary>
internal static class ForwardedRequestWriter
{
    /// <param name="identityLines">The X-Gantry-* lines of the caller's identity, when a route's policy established one.</param>
    public static void Write(PipeWriter output, RequestHead head, ReadOnlySpan<byte> clientAddress, ReadOnlySpan<byte> identityLines)
    {
        output.Write(head.Method);
        output.Write(" "u8);
        output.Write(head.Target);
        output.Write(" HTTP/1.1\r\n"u8);
        foreach (var field in head.Fields)
        {
            var name = head.NameOf(field);
            if (HopByHop.IsHopByHop(name) || IsGatewayOwned(name) || head.IsConnectionOption(name))
            {
                continue;
            }

            output.Write(name);
            output.Write(": "u8);
            output.Write(head.ValueOf(field));
            output.Write("\r\n"u8);
        }

        output.Write(identityLines);
        output.Write("X-Forwarded-For: "u8);
        output.Write(clientAddress);
        output.Write("\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: "u8);
        output.Write(head.Host);
        output.Write("\r\n\r\n"u8);
    }

    /// <summary>The framework path's names, lower-cased: the headers it replaces, the identity headers and the API key.</summary>
    private static readonly byte[][] GatewayOwned =
    [
        .. ForwardedHeadersTransformer.ReplacedHeaders.Concat(IdentityHeaders.All).Append(IdentityHeaders.ApiKey)
            .Select(name => Encoding.ASCII.GetBytes(name.ToLowerInvariant())),
    ];

    /// <summary>What a client sends under these names is dropped on every route, as on the framework path.</summary>
    private static bool IsGatewayOwned(ReadOnlySpan<byte> name)
    {
        // All of them start with "x-" or "f": most fields are ruled out by their first byte.
        if (name.IsEmpty || ((name[0] | 0x20) != 'x' && (name[0] | 0x20) != 'f'))
        {
            return false;
        }

        foreach (var owned in GatewayOwned)
        {
            if (HttpBytes.EqualsIgnoreCase(name, owned))
            {
                return true;
            }
        }

        return false;
    }
}

using Gantry.Gateway.Forwarding;

namespace Gantry.Gateway;

/// <summary>Puts the gateway at the end of a pipeline: every request that reaches it is routed and forwarded.</summary>
public static class GatewayApplicationBuilderExtensions
{
    /// <summary>Terminal middleware; nothing registered after it runs.</summary>
    public static IApplicationBuilder UseGantryGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolved once: the handler is a singleton and the hot path should not touch the container.
        var handler = app.ApplicationServices.GetRequiredService<GatewayRequestHandler>();
        app.Run(handler.InvokeAsync);
        return app;
    }
}

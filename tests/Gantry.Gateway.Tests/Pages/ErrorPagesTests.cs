using Gantry.Gateway.Pages;

namespace Gantry.Gateway.Tests.Pages;

public sealed class ErrorPagesTests
{
    [Fact]
    public async Task UnknownHostPage_HtmlEncodesTheHost()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorPages.WriteUnknownHostAsync(context, "<script>alert(1)</script>");

        context.Response.Body.Position = 0;
        var page = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.Contains("No app is routed at host '&lt;script&gt;alert(1)&lt;/script&gt;'", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamFailedPage_NamesTheApp_AndShowsNoException()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorPages.WriteUpstreamFailedAsync(context, "shop & co", StatusCodes.Status502BadGateway);

        context.Response.Body.Position = 0;
        var page = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(StatusCodes.Status502BadGateway, context.Response.StatusCode);
        Assert.Contains("app 'shop &amp; co' could not be reached", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
    }
}

using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("shop_web_db")]
    [InlineData("a")]
    [InlineData("_x9")]
    public void Make_KeepsANameThatIsAlreadySafe(string name) => Assert.Equal(name, Identifiers.Make(name, 63));

    [Theory]
    [InlineData("shop.web.db", "shop_web_db_")]
    [InlineData("Shop-Web.DB", "shop_web_db_")]
    [InlineData("9lives.web.db", "r9lives_web_db_")]
    [InlineData("çafé db", "_af__db_")]
    [InlineData("", "r_")]
    public void Make_LowercasesAndReplacesUnsafeCharacters_AndAddsAHashWhenItChangedTheName(string text, string expectedPrefix)
    {
        var name = Identifiers.Make(text, 63);

        Assert.StartsWith(expectedPrefix, name, StringComparison.Ordinal);
        Assert.Matches("^[a-z_][a-z0-9_]*_[0-9a-f]{6}$", name);
        Assert.Equal(expectedPrefix.Length + 6, name.Length);
    }

    [Fact]
    public void Make_GivesDistinctNames_ToKeysThatOnlyDifferInDotsAndDashes()
    {
        // app "shop", workload "web-api" and app "shop-web", workload "api" would otherwise share a database.
        var a = Identifiers.Make("shop.web-api.db", 63);
        var b = Identifiers.Make("shop-web.api.db", 63);

        Assert.NotEqual(a, b);
        Assert.StartsWith("shop_web_api_db_", a, StringComparison.Ordinal);
        Assert.StartsWith("shop_web_api_db_", b, StringComparison.Ordinal);
    }

    [Fact]
    public void Make_CutsLongNamesToMaxLength_EndingInAHashOfTheWhole_SoTheyNeverCollide()
    {
        var prefix = new string('a', 70);
        var first = Identifiers.Make(prefix + "_one", 63);
        var second = Identifiers.Make(prefix + "_two", 63);

        Assert.Equal(63, first.Length);
        Assert.Equal(63, second.Length);
        Assert.NotEqual(first, second);
        Assert.StartsWith(new string('a', 56) + "_", first, StringComparison.Ordinal);
        Assert.Matches("_[0-9a-f]{6}$", first);
    }

    [Fact]
    public void Make_IsStable_SoAResourceKeepsItsNameAcrossReleases() =>
        Assert.Equal(Identifiers.Make("shop.web.db", 63), Identifiers.Make("shop.web.db", 63));

    [Fact]
    public void Cut_LeavesShortValues_AndCutsLongOnesWithAHash()
    {
        Assert.Equal("short", Identifiers.Cut("short", 10));
        var cut = Identifiers.Cut("averyveryverylongvalue", 10);
        Assert.Equal(10, cut.Length);
        Assert.Matches("^ave_[0-9a-f]{6}$", cut);
    }
}

using System.Net;
using System.Net.Sockets;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Runtime.Tests.Instances.Process;

/// <summary>Lines copied from this machine's /proc/net/tcp and /proc/net/tcp6 while python3 listened and held connections.</summary>
public sealed class ProcNetTcpTests
{
    [Fact]
    public void ParseLine_OfAnIpv4ListeningSocket_GivesItsAddressPortAndInode()
    {
        var entry = ProcNetTcp.ParseLine("   0: 0100007F:9CC5 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 556887 1 00000000e08cfecb 100 0 0 10 0                    ");

        Assert.Equal(new TcpSocketEntry(IPAddress.Loopback, 40133, 0x0A, 556887), entry);
        Assert.True(entry!.IsListening);
    }

    [Fact]
    public void ParseLine_OfAnIpv4SocketOnAllAddresses_GivesTheWildcardAddress()
    {
        var entry = ProcNetTcp.ParseLine("   2: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 575 1 00000000f6da4ad4 100 0 0 10 0                       ");

        Assert.Equal(new TcpSocketEntry(IPAddress.Any, 2024, 0x0A, 575), entry);
    }

    [Fact]
    public void ParseLine_OfAnIpv4EstablishedConnection_IsNotListening()
    {
        var entry = ProcNetTcp.ParseLine("   3: 0100007F:E594 0100007F:C2AB 01 00000000:00000000 00:00000000 00000000     0        0 558849 2 0000000000fe41b8 20 0 0 10 -1                    ");

        Assert.Equal(new TcpSocketEntry(IPAddress.Loopback, 58772, 0x01, 558849), entry);
        Assert.False(entry!.IsListening);
    }

    [Fact]
    public void ParseLine_OfIpv6Sockets_GivesLoopbackAndWildcardListeners_AndConnectionsThatDoNotListen()
    {
        var loopback = ProcNetTcp.ParseLine("   0: 00000000000000000000000001000000:DF7B 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 558845 1 00000000fd478aaa 100 0 0 10 0");
        var any = ProcNetTcp.ParseLine("   1: 00000000000000000000000000000000:CC9F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 558851 1 0000000001a9ae01 100 0 0 10 0");
        var established = ProcNetTcp.ParseLine("   4: 00000000000000000000000001000000:A1DA 00000000000000000000000001000000:DF7B 01 00000000:00000000 00:00000000 00000000     0        0 558846 2 0000000022a6b3b5 20 0 0 10 -1");

        Assert.Equal(new TcpSocketEntry(IPAddress.IPv6Loopback, 57211, 0x0A, 558845), loopback);
        Assert.Equal(new TcpSocketEntry(IPAddress.IPv6Any, 52383, 0x0A, 558851), any);
        Assert.Equal(new TcpSocketEntry(IPAddress.IPv6Loopback, 41434, 0x01, 558846), established);
        Assert.False(established!.IsListening);
    }

    [Theory]
    [InlineData("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ")]
    [InlineData("  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode")]
    [InlineData("")]
    [InlineData("   0: 0100007F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 556887 1")]
    [InlineData("   0: 0100XX7F:9CC5 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 556887 1")]
    [InlineData("   0: 0100007F:9CC5 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 notaninode 1")]
    public void ParseLine_OfAHeaderOrAMalformedLine_IsNull(string line) => Assert.Null(ProcNetTcp.ParseLine(line));

    [Fact]
    public void Read_FindsAListenerThisProcessOpened_OnIpv4AndIpv6()
    {
        using var ipv4 = new TcpListener(IPAddress.Loopback, 0);
        using var ipv6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        ipv4.Start();
        ipv6.Start();

        var entries = ProcNetTcp.Read(Environment.ProcessId);

        Assert.Contains(entries, e => e.IsListening && Equals(e.LocalAddress, IPAddress.Loopback) && e.LocalPort == ((IPEndPoint)ipv4.LocalEndpoint).Port);
        Assert.Contains(entries, e => e.IsListening && Equals(e.LocalAddress, IPAddress.IPv6Loopback) && e.LocalPort == ((IPEndPoint)ipv6.LocalEndpoint).Port);
    }
}

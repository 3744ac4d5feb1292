using System.Text.Json;
using Asphalt.Gateway.Discord.Models;

namespace Asphalt.Gateway.Tests.Gateway;

public class WireModelTests
{
    [Fact]
    public void A_heartbeat_before_any_event_carries_d_null()
    {
        var json = JsonSerializer.Serialize(new OutboundPayload<long?>(GatewayOpcode.Heartbeat, null), DiscordJsonContext.Default.OutboundPayloadNullableInt64);
        Assert.Equal("""{"op":1,"d":null}""", json);
    }

    [Fact]
    public void Leaving_a_voice_channel_sends_channel_id_null()
    {
        var json = JsonSerializer.Serialize(new OutboundPayload<VoiceStateUpdateData>(GatewayOpcode.VoiceStateUpdate, new("123", null, false, true)),
            DiscordJsonContext.Default.OutboundPayloadVoiceStateUpdateData);
        Assert.Equal("""{"op":4,"d":{"guild_id":"123","channel_id":null,"self_mute":false,"self_deaf":true}}""", json);
    }

    [Fact]
    public void Resume_uses_seq_and_identify_uses_snake_case()
    {
        Assert.Equal("""{"op":6,"d":{"token":"t","session_id":"s","seq":42}}""",
            JsonSerializer.Serialize(new OutboundPayload<ResumeData>(GatewayOpcode.Resume, new("t", "s", 42)), DiscordJsonContext.Default.OutboundPayloadResumeData));
        var identify = JsonSerializer.Serialize(new OutboundPayload<IdentifyData>(GatewayOpcode.Identify, new("t", 129, [1, 4], new("linux", "asphalt", "asphalt"), 50)),
            DiscordJsonContext.Default.OutboundPayloadIdentifyData);
        Assert.Contains("\"shard\":[1,4]", identify);
        Assert.Contains("\"large_threshold\":50", identify);
        Assert.Contains("\"properties\":{\"os\":\"linux\",\"browser\":\"asphalt\",\"device\":\"asphalt\"}", identify);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var ready = JsonSerializer.Deserialize("""{"v":10,"user":{"id":"1","username":"bot","avatar":null,"flags":0},"guilds":[],"session_id":"abc","resume_gateway_url":"wss://r","shard":[0,1],"application":{"id":"9","flags":1},"_trace":["x"]}""",
            DiscordJsonContext.Default.ReadyData)!;
        Assert.Equal("abc", ready.SessionId);
        Assert.Equal("9", ready.Application!.Id);
    }

    [Theory]
    [InlineData("""{"user":{"id":"1"},"resume_gateway_url":"wss://r"}""")]
    [InlineData("""{"user":{"id":"1"},"session_id":null,"resume_gateway_url":"wss://r"}""")]
    public void Missing_required_fields_are_errors(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, DiscordJsonContext.Default.ReadyData));
}

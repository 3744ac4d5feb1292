using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asphalt.Gateway.Discord.Models;

/// <summary>
/// Source-generated serialization of every wire model: snake_case names as Discord spells them,
/// nulls left out (except where a property says otherwise), unknown fields ignored, and a
/// missing or null non-nullable field is an error (the frame is then counted as malformed).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(OutboundPayload<IdentifyData>))]
[JsonSerializable(typeof(OutboundPayload<ResumeData>))]
[JsonSerializable(typeof(OutboundPayload<long?>))]
[JsonSerializable(typeof(OutboundPayload<VoiceStateUpdateData>))]
[JsonSerializable(typeof(OutboundPayload<JsonElement>))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(GatewayBotResponse))]
[JsonSerializable(typeof(GuildCreateData))]
[JsonSerializable(typeof(GuildDeleteData))]
[JsonSerializable(typeof(VoiceStateData))]
[JsonSerializable(typeof(VoiceServerUpdateData))]
[JsonSerializable(typeof(RateLimitedResponse))]
[JsonSerializable(typeof(DiscordErrorResponse))]
[JsonSerializable(typeof(ApplicationInfo))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommandPayload>))]
[JsonSerializable(typeof(ApplicationCommandPayload[]))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(WebhookMessage))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(CreateDmRequest))]
[JsonSerializable(typeof(DiscordChannel))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;

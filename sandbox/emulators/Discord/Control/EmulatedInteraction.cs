using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord.Control;

/// <summary>What happened to an interaction's response.</summary>
public enum InteractionEventKind
{
    Callback,
    OriginalEdited,
    OriginalDeleted,
    FollowUpCreated,
    FollowUpEdited,
    FollowUpDeleted,
}

/// <param name="CallbackType">The initial response's type (set on every event after the callback).</param>
/// <param name="Message">The message as it stands after the event (null for autocomplete and modal callbacks).</param>
/// <param name="Data">The callback's <c>data</c> as the bot sent it.</param>
public sealed record InteractionEvent(InteractionEventKind Kind, int CallbackType, JsonObject? Message, JsonObject? Data, DateTimeOffset At);

/// <summary>The answer a user would see: the initial response, or for a deferred one the first edit of @original.</summary>
public sealed record InteractionReply(int CallbackType, bool Deferred, JsonObject? Message, JsonObject? Data, DateTimeOffset At)
{
    public string? Content => Message?["content"]?.GetValue<string>();

    public bool Ephemeral => Message?["flags"] is JsonValue flags && flags.TryGetValue(out int value) && (value & 64) != 0;

    public JsonArray Embeds => Message?["embeds"] as JsonArray ?? [];

    /// <summary>Autocomplete results (callback type 8).</summary>
    public JsonArray Choices => Data?["choices"] as JsonArray ?? [];
}

/// <summary>
/// An interaction the emulator sent, and everything the bot did with it. Await the responses with
/// <see cref="WaitForCallbackAsync"/>, <see cref="WaitForFinalReplyAsync"/> and <see cref="WaitForFollowUpAsync"/>.
/// </summary>
public sealed class EmulatedInteraction
{
    internal EmulatedInteraction(ulong id, string token, InteractionType type, int shardId, ulong? guildId, ulong channelId, EmulatedUser user, JsonObject payload, DateTimeOffset createdAt)
    {
        Id = id;
        Token = token;
        Type = type;
        ShardId = shardId;
        GuildId = guildId;
        ChannelId = channelId;
        User = user;
        Payload = payload;
        CreatedAt = createdAt;
    }

    public ulong Id { get; }

    public string Token { get; }

    public InteractionType Type { get; }

    public int ShardId { get; }

    public ulong? GuildId { get; }

    public ulong ChannelId { get; }

    public EmulatedUser User { get; }

    /// <summary>The <c>d</c> of the INTERACTION_CREATE dispatch.</summary>
    public JsonObject Payload { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The seq the INTERACTION_CREATE was dispatched with.</summary>
    public long Seq { get; internal set; }

    public ObservableLog<InteractionEvent> Events { get; } = new();

    internal Lock Gate { get; } = new();

    internal int? CallbackType { get; set; }

    internal JsonObject? Original { get; set; }

    internal bool OriginalDeleted { get; set; }

    internal List<JsonObject> FollowUpMessages { get; } = [];

    /// <summary>For component interactions: the message the component is on (what type 7 updates).</summary>
    internal JsonObject? SourceMessage { get; init; }

    public bool Acknowledged
    {
        get
        {
            lock (Gate)
            {
                return CallbackType is not null;
            }
        }
    }

    public JsonObject? OriginalMessage
    {
        get
        {
            lock (Gate)
            {
                return OriginalDeleted ? null : Original?.DeepClone().AsObject();
            }
        }
    }

    public IReadOnlyList<JsonObject> FollowUps
    {
        get
        {
            lock (Gate)
            {
                return [.. FollowUpMessages.Select(m => m.DeepClone().AsObject())];
            }
        }
    }

    public Task<InteractionEvent> WaitForCallbackAsync(TimeSpan? timeout = null) =>
        Events.WaitForAsync(e => e.Kind == InteractionEventKind.Callback, timeout);

    /// <summary>
    /// Completes with the initial response unless it was deferred (types 5 and 6); a deferred response completes
    /// when @original is first edited.
    /// </summary>
    public async Task<InteractionReply> WaitForFinalReplyAsync(TimeSpan? timeout = null)
    {
        var final = await Events.WaitForAsync(
            e => (e.Kind == InteractionEventKind.Callback && !InteractionCallbackTypes.IsDeferred(e.CallbackType))
                || e.Kind == InteractionEventKind.OriginalEdited,
            timeout).ConfigureAwait(false);
        return new InteractionReply(final.CallbackType, final.Kind == InteractionEventKind.OriginalEdited, final.Message, final.Data, final.At);
    }

    /// <summary>The <paramref name="count"/>-th follow-up message created.</summary>
    public async Task<JsonObject> WaitForFollowUpAsync(int count = 1, TimeSpan? timeout = null)
    {
        var created = await Events.WaitForCountAsync(e => e.Kind == InteractionEventKind.FollowUpCreated, count, timeout).ConfigureAwait(false);
        return created.Message!;
    }

    internal void Record(InteractionEventKind kind, JsonObject? message, JsonObject? data, DateTimeOffset at) =>
        Events.Add(new InteractionEvent(kind, CallbackType ?? 0, message?.DeepClone().AsObject(), data?.DeepClone().AsObject(), at));
}

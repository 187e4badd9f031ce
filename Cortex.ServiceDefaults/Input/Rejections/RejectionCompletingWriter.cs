using System.Buffers;
using System.IO.Pipelines;

namespace Cortex.ServiceDefaults.Input.Rejections;

/// <summary>
/// The connection's output as Kestrel sees it. Each flushed segment's first bytes are staged; a
/// segment that is an empty, closing error head (<see cref="RejectedResponse"/>: only Kestrel writes
/// those, Cortex's own errors all carry a body) goes out with a ProblemDetails body. Anything else
/// passes through: a segment larger than the stage goes straight to the transport, and after a 101
/// or a first segment that is not HTTP/1.1 text (HTTP/2, TLS) the writer steps aside for the life
/// of the connection. Rewritten at the flush, not when the connection ends: Kestrel may abort the
/// socket right after its answer (a refused request with a body still arriving).
/// </summary>
internal sealed class RejectionCompletingWriter(PipeWriter inner) : PipeWriter
{
    // Kestrel may flush the end of the previous response (a ProblemDetails with its errors, say) with
    // its refusal, so the stage holds a few kilobytes; larger segments are never a refusal alone.
    private const int StageBytes = 16 * 1024;
    private readonly ArrayBufferWriter<byte> _stage = new(1024);
    private bool _direct;
    private bool _firstSeen;
    private bool _stepAside;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _stage.WrittenCount;

    public override Span<byte> GetSpan(int sizeHint = 0) => Staging(sizeHint) ? _stage.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override Memory<byte> GetMemory(int sizeHint = 0) => Staging(sizeHint) ? _stage.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override void Advance(int bytes)
    {
        if (_stepAside || _direct)
        {
            inner.Advance(bytes);
        }
        else
        {
            _stage.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        WriteStaged();
        _direct = false;
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        WriteStaged();
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        WriteStaged();
        await inner.CompleteAsync(exception);
    }

    private bool Staging(int sizeHint)
    {
        if (_stepAside || _direct)
        {
            return false;
        }

        if (_stage.WrittenCount + Math.Max(sizeHint, 1) <= StageBytes)
        {
            return true;
        }

        // Too big to be an empty head: this segment goes straight through.
        _stepAside = !_firstSeen && _stage.WrittenCount > 0 && !RejectedResponse.StartsAsHttp1(_stage.WrittenSpan);
        _firstSeen = true;
        inner.Write(_stage.WrittenSpan);
        _stage.ResetWrittenCount();
        _direct = true;
        return false;
    }

    private void WriteStaged()
    {
        if (_stepAside || _direct || _stage.WrittenCount == 0)
        {
            return;
        }

        var segment = _stage.WrittenSpan;
        if (RejectedResponse.EmptyClosingError(segment) is var (start, status))
        {
            inner.Write(RejectedResponse.WithProblemBody(segment, start, status));
        }
        else
        {
            _stepAside = (!_firstSeen && !RejectedResponse.StartsAsHttp1(segment)) || RejectedResponse.SwitchesProtocols(segment);
            inner.Write(segment);
        }

        _firstSeen = true;
        _stage.ResetWrittenCount();
    }
}

//! Lossless removal of metadata from a source file, for the published copy of the original:
//! the compressed image data is copied byte for byte, and every segment or chunk that is not
//! needed to show the pixels in their colours is left out. Walking the whole structure is also
//! the check that the file is complete (a truncated file has no end marker), which decoders
//! in lenient mode do not make.
//!
//! Kept by allow-list, so metadata a future camera invents is dropped too:
//! - JPEG: quantisation and Huffman tables, frame and scan headers, restart intervals, the
//!   scans, the JFIF header (without its thumbnail), an ICC profile, Adobe's colour transform.
//!   Dropped: EXIF (GPS, camera serial, thumbnail), XMP, IPTC, comments, MPF (extra images),
//!   every other APPn, and anything after the end-of-image marker.
//! - PNG: the critical chunks and the colour and transparency chunks (`tRNS`, `gAMA`, `cHRM`,
//!   `sRGB`, `iCCP`, `sBIT`, `bKGD`, `pHYs`, `cICP`, `mDCv`, `cLLi`) and APNG's (`acTL`, `fcTL`,
//!   `fdAT`). Dropped: `eXIf`, text chunks (XMP lives in `iTXt`), `tIME`, private chunks.
//! - WebP: `VP8 `, `VP8L`, `ALPH`, `ANIM`, `ANMF`, `ICCP`, and `VP8X` with its EXIF and XMP
//!   flags cleared. Dropped: `EXIF`, `XMP `, unknown chunks.

use super::Format;

/// The file without its metadata, or what is wrong with its structure.
pub(super) fn strip(format: Format, bytes: &[u8]) -> Result<Vec<u8>, String> {
    match format {
        Format::Jpeg => strip_jpeg(bytes),
        Format::Png => strip_png(bytes),
        Format::Webp => strip_webp(bytes),
    }
}

const CUT_SHORT: &str =
    "the file ends before its end marker (cut short during a copy or download?)";

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("no JPEG start-of-image marker".into());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut pos = 2;
    loop {
        if bytes.get(pos) != Some(&0xFF) {
            return Err(match bytes.get(pos) {
                None => CUT_SHORT.into(),
                Some(_) => format!("expected a JPEG marker at byte {pos}"),
            });
        }
        // A marker may be preceded by any number of 0xFF fill bytes.
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or(CUT_SHORT)?;
        pos += 1;
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out); // what follows the end (MPF images, trailers) is not published
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(pos).ok_or(CUT_SHORT)?,
            *bytes.get(pos + 1).ok_or(CUT_SHORT)?,
        ]));
        if len < 2 || pos + len > bytes.len() {
            return Err(CUT_SHORT.into());
        }
        copy_jpeg_segment(marker, &bytes[pos + 2..pos + len], &mut out);
        pos += len;
        if marker == 0xDA {
            let end = entropy_end(bytes, pos)?;
            out.extend_from_slice(&bytes[pos..end]);
            pos = end;
        }
    }
}

/// Appends the segment if it is needed to show the image; rewrites JFIF without a thumbnail.
fn copy_jpeg_segment(marker: u8, payload: &[u8], out: &mut Vec<u8>) {
    let keep = match marker {
        0xE0 if payload.starts_with(b"JFIF\0") && payload.len() >= 12 => {
            // JFIF's own thumbnail could show an uncropped picture: keep the header only.
            let mut header = payload[..12].to_vec();
            header.extend_from_slice(&[0, 0]);
            push_segment(0xE0, &header, out);
            return;
        }
        0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
        0xEE => payload.starts_with(b"Adobe"),
        0xE0..=0xEF | 0xFE => false,
        _ => true,
    };
    if keep {
        push_segment(marker, payload, out);
    }
}

fn push_segment(marker: u8, payload: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&[0xFF, marker]);
    // The payload came from a segment whose length fitted in 16 bits, or is 14 bytes.
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
}

/// Where the entropy-coded data of a scan ends: at the first marker that is neither a
/// stuffed zero byte nor a restart marker.
fn entropy_end(bytes: &[u8], from: usize) -> Result<usize, String> {
    let mut i = from;
    loop {
        let at = i + memchr::memchr(0xFF, &bytes[i..]).ok_or(CUT_SHORT)?;
        match bytes.get(at + 1) {
            None => return Err(CUT_SHORT.into()),
            Some(0x00 | 0xD0..=0xD7) => i = at + 2,
            Some(0xFF) => i = at + 1,
            Some(_) => return Ok(at),
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err("no PNG signature".into());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut pos = PNG_SIGNATURE.len();
    loop {
        let header = bytes.get(pos..pos + 8).ok_or(CUT_SHORT)?;
        let len = u32::from_be_bytes(header[..4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = header[4..8].try_into().unwrap();
        let end = pos
            .checked_add(12 + len)
            .filter(|&e| e <= bytes.len())
            .ok_or(CUT_SHORT)?;
        if keep_png_chunk(&kind) {
            out.extend_from_slice(&bytes[pos..end]); // length, type, data and CRC unchanged
        }
        if &kind == b"IEND" {
            return Ok(out);
        }
        pos = end;
    }
}

fn keep_png_chunk(kind: &[u8; 4]) -> bool {
    let critical = kind[0].is_ascii_uppercase(); // IHDR, PLTE, IDAT, IEND
    critical
        || matches!(
            kind,
            b"tRNS"
                | b"gAMA"
                | b"cHRM"
                | b"sRGB"
                | b"iCCP"
                | b"sBIT"
                | b"bKGD"
                | b"pHYs"
                | b"cICP"
                | b"mDCv"
                | b"cLLi"
                | b"acTL"
                | b"fcTL"
                | b"fdAT"
        )
}

/// VP8X flag bits for the EXIF and XMP chunks, which are dropped.
const VP8X_EXIF_XMP: u8 = 0x08 | 0x04;

fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err("no RIFF WEBP header".into());
    }
    let riff_end = 8 + u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    if riff_end > bytes.len() {
        return Err(CUT_SHORT.into());
    }
    let mut chunks = Vec::with_capacity(riff_end);
    let mut pos = 12;
    while pos < riff_end {
        let header = bytes.get(pos..pos + 8).ok_or(CUT_SHORT)?;
        let len = u32::from_le_bytes(header[4..8].try_into().unwrap()) as usize;
        let end = pos + 8 + len + (len & 1); // chunks are padded to an even length
        let chunk = bytes.get(pos..end.min(riff_end)).ok_or(CUT_SHORT)?;
        if chunk.len() < 8 + len {
            return Err(CUT_SHORT.into());
        }
        match &header[..4] {
            b"VP8X" if len >= 1 => {
                let start = chunks.len();
                chunks.extend_from_slice(chunk);
                chunks[start + 8] &= !VP8X_EXIF_XMP;
            }
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP" => {
                chunks.extend_from_slice(chunk)
            }
            _ => {}
        }
        pos = end;
    }
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((chunks.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&chunks);
    Ok(out)
}

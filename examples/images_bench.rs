//! The measuring binary of `bench/images.sh`, kept out of the product CLI.
//!
//! ```text
//! images_bench gen DIR N [SEED]   N synthetic 4000x3000 photos as DIR/pNNNN/photo.jpg (kept if there)
//! images_bench run DIR CACHE OUT  variants of every DIR/*/photo.jpg at 480/960/1600 (WebP + JPEG)
//!                                 through the cache CACHE, hard-linked into OUT/pNNNN/ as a build would
//! ```
//!
//! The photos are generated, never downloaded: smooth gradients, soft shapes and sensor-like
//! noise, so that a JPEG at quality 90 weighs what a 12-megapixel photo does (2-5 MB).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use gazette::images::{ImageRequest, ProcessedImage, Settings, process_all};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen", dir, n] => generate(Path::new(dir), n.parse().expect("N"), 42),
        ["gen", dir, n, seed] => generate(
            Path::new(dir),
            n.parse().expect("N"),
            seed.parse().expect("SEED"),
        ),
        ["run", dir, cache, out] => run(Path::new(dir), Path::new(cache), Path::new(out)),
        _ => {
            eprintln!("usage: images_bench gen DIR N [SEED] | images_bench run DIR CACHE OUT");
            std::process::exit(2);
        }
    }
}

fn generate(dir: &Path, n: usize, seed: u64) {
    (0..n).into_par_iter().for_each(|i| {
        let path = dir.join(format!("p{i:04}")).join("photo.jpg");
        if path.exists() {
            return;
        }
        let bytes = photo(
            4000,
            3000,
            seed.wrapping_mul(1_000_003).wrapping_add(i as u64),
        );
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let temp = path.with_extension("tmp");
        fs::write(&temp, bytes).unwrap();
        fs::rename(&temp, &path).unwrap();
    });
}

/// One synthetic photo: a sky-to-ground gradient, soft ellipses, fine texture and noise.
fn photo(width: u32, height: u32, seed: u64) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let colour =
        |rng: &mut fastrand::Rng| [rng.f32() * 255.0, rng.f32() * 255.0, rng.f32() * 255.0];
    let (top, bottom) = (colour(&mut rng), colour(&mut rng));
    let shapes: Vec<([f32; 3], f32, f32, f32, f32)> = (0..24)
        .map(|_| {
            (
                colour(&mut rng),
                rng.f32() * width as f32,
                rng.f32() * height as f32,
                80.0 + rng.f32() * 900.0,
                0.3 + rng.f32() * 0.6,
            )
        })
        .collect();
    let mut noise = fastrand::Rng::with_seed(seed ^ 0x9e37_79b9);
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    for (y, row) in pixels.chunks_exact_mut(width as usize * 3).enumerate() {
        let t = y as f32 / height as f32;
        let mut base = [0f32; 3];
        for c in 0..3 {
            base[c] = top[c] * (1.0 - t) + bottom[c] * t;
        }
        let near: Vec<_> = shapes
            .iter()
            .filter(|s| (y as f32 - s.2).abs() < s.3)
            .collect();
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let mut rgb = base;
            for (c, sx, sy, r, alpha) in &near {
                let d = ((x as f32 - sx).powi(2) + (y as f32 - sy).powi(2)).sqrt() / r;
                if d < 1.0 {
                    let a = alpha * (1.0 - d * d);
                    for k in 0..3 {
                        rgb[k] = rgb[k] * (1.0 - a) + c[k] * a;
                    }
                }
            }
            let texture = ((x as f32 * 0.05).sin() * (y as f32 * 0.07).cos()) * 6.0;
            let grain = (noise.u8(..) as f32 - 127.5) * NOISE;
            for k in 0..3 {
                px[k] = (rgb[k] + texture + grain).clamp(0.0, 255.0) as u8;
            }
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// Grain amplitude: with it, a 4000x3000 photo is about 3 MB at JPEG quality 90.
const NOISE: f32 = 0.06;

use image::ImageEncoder;

fn run(dir: &Path, cache: &Path, out: &Path) {
    let mut sources: Vec<PathBuf> = fs::read_dir(dir)
        .expect("photo folder")
        .map(|e| e.unwrap().path().join("photo.jpg"))
        .filter(|p| p.is_file())
        .collect();
    sources.sort();
    let requests: Vec<ImageRequest> = sources.into_iter().map(ImageRequest::new).collect();
    let start = Instant::now();
    let results = process_all(&requests, &Settings::default(), cache);
    let processed = start.elapsed();
    let (mut encoded, mut published, mut errors) = (0, 0, 0);
    for result in &results {
        match result {
            Ok(image) => {
                encoded += image.encoded;
                published += publish(image, out);
            }
            Err(error) => {
                errors += 1;
                eprintln!("{error}");
            }
        }
    }
    println!(
        "images {} files encoded {encoded} published {published} errors {errors} process {:.3} s total {:.3} s",
        requests.len(),
        processed.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}

/// Hard-links the original and the variants beside the "article", as a build will.
fn publish(image: &ProcessedImage, out: &Path) -> usize {
    let folder = out.join(image.source.parent().unwrap().file_name().unwrap());
    fs::create_dir_all(&folder).unwrap();
    let mut files = vec![&image.original];
    files.extend(
        image
            .variants
            .iter()
            .filter(|v| v.cache_path != image.original.cache_path),
    );
    for file in &files {
        let target = folder.join(&file.file_name);
        let _ = fs::remove_file(&target);
        fs::hard_link(&file.cache_path, &target)
            .or_else(|_| fs::copy(&file.cache_path, &target).map(|_| ()))
            .unwrap();
    }
    files.len()
}

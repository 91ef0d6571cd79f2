//! The keys a serde struct accepts, asked of serde itself.
//!
//! `#[derive(Deserialize)]` hands a struct's field names to
//! [`Deserializer::deserialize_struct`]. A deserializer that only records them gives the keys
//! `site.yaml` accepts straight from [`RawConfig`](super::RawConfig): the struct is the one
//! table, so a field cannot be added without becoming a known key, nor a known key be left
//! behind when a field goes.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

/// The names `T`'s derived `Deserialize` accepts for its fields, in declaration order, renames
/// and aliases included and skipped fields left out.
///
/// Panics if serde does not read `T` as a struct with named fields (a `#[serde(flatten)]`
/// field, for one, makes it read a map, whose keys serde cannot list).
pub fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut fields = None;
    // The recorder fails as soon as it has the names: no value of `T` is ever built.
    let _ = T::deserialize(FieldRecorder {
        fields: &mut fields,
    });
    fields.expect("serde reads the type as a struct with named fields")
}

/// A deserializer that notes the field names of the struct asked of it and reads nothing.
struct FieldRecorder<'a> {
    fields: &'a mut Option<&'static [&'static str]>,
}

impl<'de> Deserializer<'de> for FieldRecorder<'_> {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.fields = Some(fields);
        Err(de::Error::custom("only the field names were asked for"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct with named fields"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)] // Only its field names are read.
    struct Sample {
        first: u8,
        #[serde(rename = "second_key")]
        second: u8,
        #[serde(skip)]
        skipped: u8,
    }

    #[test]
    fn the_names_are_serde_s_in_declaration_order() {
        assert_eq!(struct_fields::<Sample>(), ["first", "second_key"]);
    }

    #[test]
    #[should_panic(expected = "struct with named fields")]
    fn a_type_that_is_not_a_struct_has_no_field_names() {
        struct_fields::<Vec<u8>>();
    }
}

package org.trucewatch.forms;

import java.util.List;
import java.util.Map;

/**
 * The questions of the report form, in order, with their XForms type and labels in the
 * taxonomy's languages. The same list drives the generated XForm, the XLSForm source in
 * docs/forms/ and the reading of a submitted instance, so they cannot drift apart.
 */
record FormQuestion(String name, String type, String control, boolean required, String constraint,
                    Map<String, String> label) {

    static final List<FormQuestion> ALL = List.of(
            q("location", "geopoint", "input", true, null,
                    "Where (GPS, with accuracy)", "Où (GPS, avec précision)", "Dónde (GPS, con precisión)", "أين (GPS مع الدقة)"),
            q("observed_at", "dateTime", "input", true, null,
                    "When observed", "Quand observé", "Cuándo se observó", "وقت المشاهدة"),
            q("category", "string", "select1", true, null,
                    "What happened", "Ce qui s'est passé", "Qué ocurrió", "ما الذي حدث"),
            q("alleged_parties", "string", "select", false, null,
                    "Alleged parties", "Parties mises en cause", "Partes presuntamente implicadas", "الأطراف المزعومة"),
            q("bearing", "decimal", "input", false, ". >= 0 and . < 360",
                    "Bearing to the event (degrees from true north)", "Azimut vers l'événement (degrés)",
                    "Rumbo hacia el evento (grados)", "الاتجاه نحو الحدث (درجات)"),
            q("distance", "decimal", "input", false, ". >= 0 and . <= 100000",
                    "Estimated distance (metres)", "Distance estimée (mètres)", "Distancia estimada (metros)",
                    "المسافة التقديرية (أمتار)"),
            q("count", "int", "input", false, ". >= 1 and . <= 100000",
                    "How many (shots, rounds, vehicles...)", "Combien (tirs, obus, véhicules...)",
                    "Cuántos (disparos, proyectiles, vehículos...)", "العدد (طلقات، قذائف، مركبات...)"),
            q("civilians_killed", "int", "input", false, ". >= 0 and . <= 100000",
                    "Civilians killed", "Civils tués", "Civiles muertos", "مدنيون قتلى"),
            q("civilians_injured", "int", "input", false, ". >= 0 and . <= 100000",
                    "Civilians injured", "Civils blessés", "Civiles heridos", "مدنيون جرحى"),
            q("combatants_killed", "int", "input", false, ". >= 0 and . <= 100000",
                    "Combatants killed", "Combattants tués", "Combatientes muertos", "مقاتلون قتلى"),
            q("combatants_injured", "int", "input", false, ". >= 0 and . <= 100000",
                    "Combatants injured", "Combattants blessés", "Combatientes heridos", "مقاتلون جرحى"),
            q("women_killed", "int", "input", false, ". >= 0 and . <= 100000",
                    "Women killed", "Femmes tuées", "Mujeres muertas", "نساء قتلى"),
            q("men_killed", "int", "input", false, ". >= 0 and . <= 100000",
                    "Men killed", "Hommes tués", "Hombres muertos", "رجال قتلى"),
            q("girls_killed", "int", "input", false, ". >= 0 and . <= 100000",
                    "Girls killed", "Filles tuées", "Niñas muertas", "فتيات قتلى"),
            q("boys_killed", "int", "input", false, ". >= 0 and . <= 100000",
                    "Boys killed", "Garçons tués", "Niños muertos", "فتيان قتلى"),
            q("women_injured", "int", "input", false, ". >= 0 and . <= 100000",
                    "Women injured", "Femmes blessées", "Mujeres heridas", "نساء جرحى"),
            q("men_injured", "int", "input", false, ". >= 0 and . <= 100000",
                    "Men injured", "Hommes blessés", "Hombres heridos", "رجال جرحى"),
            q("girls_injured", "int", "input", false, ". >= 0 and . <= 100000",
                    "Girls injured", "Filles blessées", "Niñas heridas", "فتيات جرحى"),
            q("boys_injured", "int", "input", false, ". >= 0 and . <= 100000",
                    "Boys injured", "Garçons blessés", "Niños heridos", "فتيان جرحى"),
            q("description", "string", "input", false, "string-length(.) <= 10000",
                    "Description", "Description", "Descripción", "الوصف"),
            q("photo1", "binary", "upload:image/*", false, null, "Photo 1", "Photo 1", "Foto 1", "صورة 1"),
            q("photo2", "binary", "upload:image/*", false, null, "Photo 2", "Photo 2", "Foto 2", "صورة 2"),
            q("photo3", "binary", "upload:image/*", false, null, "Photo 3", "Photo 3", "Foto 3", "صورة 3"),
            q("audio", "binary", "upload:audio/*", false, null, "Audio recording", "Enregistrement audio",
                    "Grabación de audio", "تسجيل صوتي"),
            q("video", "binary", "upload:video/*", false, null, "Video", "Vidéo", "Vídeo", "فيديو"));

    /** The instance fields that hold the name of an attached file. */
    static final List<String> MEDIA = List.of("photo1", "photo2", "photo3", "audio", "video");

    static final String PHOTO = "photo";

    /** The kind of file a media question takes (photo, audio, video), from its upload mediatype: each kind has its own limit. */
    static String mediaKind(String field) {
        String control = ALL.stream().filter(q -> q.name().equals(field)).findFirst().orElseThrow().control();
        return switch (control) {
            case "upload:image/*" -> PHOTO;
            case "upload:audio/*" -> "audio";
            case "upload:video/*" -> "video";
            default -> throw new IllegalArgumentException(field + " is not a media question");
        };
    }

    private static FormQuestion q(String name, String type, String control, boolean required, String constraint,
                                  String en, String fr, String es, String ar) {
        return new FormQuestion(name, type, control, required, constraint, Map.of("en", en, "fr", fr, "es", es, "ar", ar));
    }
}

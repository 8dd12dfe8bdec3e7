//! Invented names for demo data. None is taken from the state's documents.

pub const FIRST_NAMES: &[&str] = &[
    "Jordan", "Priya", "Marcus", "Elena", "Tomas", "Aisha", "Kevin", "Mei", "Rafael", "Grace",
    "Owen", "Nadia", "Luis", "Hannah", "Samir", "Claire", "Darius", "Ingrid", "Mateo", "Yuki",
];

pub const LAST_NAMES: &[&str] = &[
    "Alvarez",
    "Brennan",
    "Chowdhury",
    "Delacroix",
    "Eriksen",
    "Fontaine",
    "Gallagher",
    "Haddad",
    "Iverson",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Nakamura",
    "Oyelaran",
    "Pereira",
    "Quintero",
    "Rasmussen",
    "Szabo",
    "Tremblay",
];

pub const NAME_HEADS: &[&str] = &[
    "Harbor",
    "Granite",
    "Bay State",
    "Riverbend",
    "Northfield",
    "Summit",
    "Old Colony",
    "Beacon",
    "Pioneer",
    "Cedar",
    "Maplewood",
    "Lighthouse",
    "Ironworks",
    "Bluestone",
    "Millbrook",
    "Quarry Hill",
    "Seaside",
    "Elm Street",
    "Patriot",
    "Commonwealth",
];

pub const NAME_TRADES: &[(&str, &str)] = &[
    ("Precision Machining", "332710"),
    ("Tool & Die", "333514"),
    ("Logistics", "484110"),
    ("Health Partners", "621111"),
    ("Senior Living", "623312"),
    ("Bakery", "311811"),
    ("Brewing", "312120"),
    ("Software", "541511"),
    ("Biologics", "325414"),
    ("Plastics", "326199"),
    ("Electrical Contractors", "238210"),
    ("Hospitality Group", "721110"),
    ("Seafood", "311710"),
    ("Printing", "323111"),
    ("Credit Union", "522130"),
];

pub const SUFFIXES: &[&str] = &["Inc.", "LLC", "Corp.", "Co.", ""];

pub const STREETS: &[&str] = &[
    "Main Street",
    "Mill Road",
    "Harbor Way",
    "Industrial Drive",
    "Commerce Park",
    "Elm Street",
    "Depot Square",
    "Canal Street",
    "Summer Street",
    "Technology Way",
];

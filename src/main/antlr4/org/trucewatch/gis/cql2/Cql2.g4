/*
 * CQL2 text encoding (OGC 21-065r2, Common Query Language, Annex A "cql2.bnf"), the subset
 * TruceWatch serves: Basic CQL2 (with property-property comparisons), advanced comparison
 * operators (LIKE, BETWEEN, IN), the spatial functions (S_INTERSECTS, S_EQUALS, S_DISJOINT,
 * S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS, plus the extension S_DWITHIN with a
 * distance in metres) over WKT and BBOX literals, the temporal functions over DATE,
 * TIMESTAMP and INTERVAL literals, and the array functions over properties and array literals
 * of scalar literals. Transcribed from the BNF (rule names kept where they exist there); no
 * arithmetic, no functions, no CASEI/ACCENTI, no arrays or properties inside an array literal.
 * ANTLR generates the lexer and parser at build time (org.antlr:antlr4-maven-plugin; the package
 * comes from this file's folder); Cql2TextReader (hand-written) turns the parse tree into Cql2
 * records.
 */
grammar Cql2;

options { caseInsensitive = true; }

booleanExpressionEof : booleanExpression EOF ;

// booleanExpression = booleanTerm {"OR" booleanTerm};
booleanExpression : booleanTerm (OR booleanTerm)* ;

// booleanTerm = booleanFactor {"AND" booleanFactor};
booleanTerm : booleanFactor (AND booleanFactor)* ;

// booleanFactor = ["NOT"] booleanPrimary;
booleanFactor : NOT? booleanPrimary ;

// booleanPrimary = predicate | booleanLiteral | "(" booleanExpression ")";
booleanPrimary
    : predicate
    | booleanLiteral
    | LEFTPAREN booleanExpression RIGHTPAREN
    ;

predicate
    : comparisonPredicate
    | spatialPredicate
    | temporalPredicate
    | arrayPredicate
    ;

// comparisonPredicate = binaryComparisonPredicate | isLikePredicate | isBetweenPredicate
//                     | isInListPredicate | isNullPredicate;
comparisonPredicate
    : binaryComparisonPredicate
    | isLikePredicate
    | isBetweenPredicate
    | isInListPredicate
    | isNullPredicate
    ;

// binaryComparisonPredicate = scalarExpression comparisonOperator scalarExpression;
binaryComparisonPredicate : scalarExpression comparisonOperator scalarExpression ;

comparisonOperator : EQ | NEQ | LT | GT | LTEQ | GTEQ ;

// isLikePredicate = characterExpression ["NOT"] "LIKE" patternExpression;
isLikePredicate : characterExpression NOT? LIKE patternExpression ;

characterExpression : propertyName | characterLiteral ;

patternExpression : characterLiteral ;

// isBetweenPredicate = numericExpression ["NOT"] "BETWEEN" numericExpression "AND" numericExpression;
isBetweenPredicate : numericExpression NOT? BETWEEN numericExpression AND numericExpression ;

numericExpression : propertyName | numericLiteral ;

// isInListPredicate = scalarExpression ["NOT"] "IN" "(" inList ")";
isInListPredicate : scalarExpression NOT? IN LEFTPAREN scalarExpression (COMMA scalarExpression)* RIGHTPAREN ;

// isNullPredicate = isNullOperand "IS" ["NOT"] "NULL";
isNullPredicate : isNullOperand IS NOT? NULL ;

isNullOperand : scalarExpression | spatialInstance | intervalInstance ;

// scalarExpression = characterClause | numericLiteral | instantInstance | booleanLiteral | propertyName;
scalarExpression
    : characterLiteral
    | numericLiteral
    | instantInstance
    | booleanLiteral
    | propertyName
    ;

// spatialPredicate = spatialFunction "(" geomExpression "," geomExpression ")";
// S_DWITHIN(geom, geom, distance) is an extension: distance in metres on the ground.
spatialPredicate
    : SPATIAL_FUNCTION LEFTPAREN geomExpression COMMA geomExpression RIGHTPAREN
    | S_DWITHIN LEFTPAREN geomExpression COMMA geomExpression COMMA numericLiteral RIGHTPAREN
    ;

geomExpression : spatialInstance | propertyName ;

// temporalPredicate = temporalFunction "(" temporalExpression "," temporalExpression ")";
temporalPredicate : TEMPORAL_FUNCTION LEFTPAREN temporalExpression COMMA temporalExpression RIGHTPAREN ;

temporalExpression : instantInstance | intervalInstance | propertyName ;

// arrayPredicate = arrayFunction "(" arrayExpression "," arrayExpression ")";
arrayPredicate : ARRAY_FUNCTION LEFTPAREN arrayExpression COMMA arrayExpression RIGHTPAREN ;

// arrayExpression = propertyName | function | array; (functions are not served)
arrayExpression : arrayLiteral | propertyName ;

// array = "(" ")" | "(" arrayElement {"," arrayElement} ")"; the elements served are scalar literals.
arrayLiteral : LEFTPAREN (arrayElement (COMMA arrayElement)*)? RIGHTPAREN ;

arrayElement : characterLiteral | numericLiteral | booleanLiteral | instantInstance ;

// spatialInstance = geometryLiteral | bboxTaggedText; WKT as in OGC 06-103r4 (JTS reads it).
spatialInstance : geometryLiteral | bboxTaggedText ;

geometryLiteral
    : GEOMETRY_TYPE Z? coordinateGroup
    | GEOMETRYCOLLECTION Z? LEFTPAREN geometryLiteral (COMMA geometryLiteral)* RIGHTPAREN
    ;

coordinateGroup : LEFTPAREN (coordinateGroup (COMMA coordinateGroup)* | coordinate (COMMA coordinate)*) RIGHTPAREN ;

coordinate : numericLiteral numericLiteral numericLiteral? ;

bboxTaggedText : BBOX LEFTPAREN numericLiteral COMMA numericLiteral COMMA numericLiteral COMMA numericLiteral
                 (COMMA numericLiteral COMMA numericLiteral)? RIGHTPAREN ;

// instantInstance = dateInstant | timestampInstant;
instantInstance
    : DATE LEFTPAREN characterLiteral RIGHTPAREN
    | TIMESTAMP LEFTPAREN characterLiteral RIGHTPAREN
    ;

// intervalInstance = "INTERVAL" "(" instantParameter "," instantParameter ")";
intervalInstance : INTERVAL LEFTPAREN instantParameter COMMA instantParameter RIGHTPAREN ;

// instantParameter = dateInstantString | timestampInstantString | "'..'" | propertyName;
instantParameter : characterLiteral | propertyName ;

booleanLiteral : TRUE | FALSE ;

numericLiteral : (PLUS | MINUS)? NUMBER ;

characterLiteral : CHARACTER_LITERAL ;

// propertyName = identifier | "\"" identifier "\"";
propertyName : IDENTIFIER | QUOTED_IDENTIFIER ;

// ---- lexer ----

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
LIKE : 'LIKE' ;
BETWEEN : 'BETWEEN' ;
IN : 'IN' ;
IS : 'IS' ;
NULL : 'NULL' ;
TRUE : 'TRUE' ;
FALSE : 'FALSE' ;
DATE : 'DATE' ;
TIMESTAMP : 'TIMESTAMP' ;
INTERVAL : 'INTERVAL' ;
BBOX : 'BBOX' ;
Z : 'Z' ;
SPATIAL_FUNCTION : 'S_INTERSECTS' | 'S_EQUALS' | 'S_DISJOINT' | 'S_TOUCHES' | 'S_WITHIN' | 'S_OVERLAPS' | 'S_CROSSES'
                 | 'S_CONTAINS' ;
S_DWITHIN : 'S_DWITHIN' ;
TEMPORAL_FUNCTION : 'T_AFTER' | 'T_BEFORE' | 'T_CONTAINS' | 'T_DISJOINT' | 'T_DURING' | 'T_EQUALS' | 'T_FINISHEDBY'
                  | 'T_FINISHES' | 'T_INTERSECTS' | 'T_MEETS' | 'T_METBY' | 'T_OVERLAPPEDBY' | 'T_OVERLAPS'
                  | 'T_STARTEDBY' | 'T_STARTS' ;
ARRAY_FUNCTION : 'A_EQUALS' | 'A_CONTAINS' | 'A_CONTAINEDBY' | 'A_OVERLAPS' ;
GEOMETRY_TYPE : 'POINT' | 'LINESTRING' | 'POLYGON' | 'MULTIPOINT' | 'MULTILINESTRING' | 'MULTIPOLYGON' ;
GEOMETRYCOLLECTION : 'GEOMETRYCOLLECTION' ;

EQ : '=' ;
NEQ : '<>' ;
LTEQ : '<=' ;
GTEQ : '>=' ;
LT : '<' ;
GT : '>' ;
LEFTPAREN : '(' ;
RIGHTPAREN : ')' ;
COMMA : ',' ;
PLUS : '+' ;
MINUS : '-' ;

NUMBER : DIGIT+ ('.' DIGIT*)? EXPONENT? | '.' DIGIT+ EXPONENT? ;
fragment EXPONENT : 'E' [+-]? DIGIT+ ;
fragment DIGIT : [0-9] ;

// characterLiteral = "'" {character} "'"; a quote inside is doubled ('') or escaped (\').
CHARACTER_LITERAL : '\'' ( ~['\\] | '\'\'' | '\\' . )* '\'' ;

// identifier = identifierStart {identifierPart}; a quoted one may hold anything but '"'.
IDENTIFIER : [A-Z_] [A-Z0-9_.:]* ;
QUOTED_IDENTIFIER : '"' ~'"'+ '"' ;

WS : [ \t\r\n]+ -> skip ;
